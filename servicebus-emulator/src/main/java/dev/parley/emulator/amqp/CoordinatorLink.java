package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.transaction.Declare;
import org.apache.qpid.proton.amqp.transaction.Declared;
import org.apache.qpid.proton.amqp.transaction.Discharge;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The transaction coordinator: Declare gets Declared(txn-id), Discharge commits or rolls back and gets Accepted. */
final class CoordinatorLink implements LinkHandler {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorLink.class);

    private final Receiver receiver;
    private final EmulatorContext context;
    private final AmqpConnection connection;

    CoordinatorLink(Receiver receiver, EmulatorContext context, AmqpConnection connection) {
        this.receiver = receiver;
        this.context = context;
        this.connection = connection;
    }

    @Override
    public void onDelivery(Delivery d) {
        byte[] bytes = Transfers.read(receiver, d);
        if (bytes == null) {
            return;
        }
        try {
            Message m = context.codec().decode(bytes, 0, bytes.length);
            Object body = m.getBody() instanceof AmqpValue v ? v.getValue() : null;
            if (body instanceof Declare) {
                Declared declared = new Declared();
                declared.setTxnId(new Binary(context.broker().transactions().declare()));
                d.disposition(declared);
            } else if (body instanceof Discharge discharge) {
                boolean rollback = Boolean.TRUE.equals(discharge.getFail());
                context.broker().transactions().discharge(ConsumerLink.bytes(discharge.getTxnId()), rollback);
                d.disposition(Accepted.getInstance());
            } else {
                d.disposition(Conditions.rejected(Conditions.of(Conditions.NOT_IMPLEMENTED,
                        "coordinator accepts only Declare and Discharge")));
            }
        } catch (BrokerException e) {
            log.info("transaction request refused: {}", e.getMessage());
            d.disposition(Conditions.rejected(Conditions.of(e)));
        } catch (RuntimeException e) {
            log.info("undecodable coordinator request: {}", e.toString());
            d.disposition(Conditions.rejected(Conditions.of(Conditions.DECODE_ERROR, e.toString())));
        }
        d.settle();
        Transfers.topUp(receiver, ProducerLink.CREDIT);
        connection.markDirty();
    }
}
