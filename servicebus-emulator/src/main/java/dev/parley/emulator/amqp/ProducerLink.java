package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import dev.parley.emulator.broker.IncomingMessage;
import dev.parley.emulator.broker.QueueEntity;
import dev.parley.emulator.broker.Transactions;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A client's sender to a queue: every complete transfer (single or batch) is enqueued and settled Accepted. */
final class ProducerLink implements LinkHandler {
    static final int CREDIT = 1000;
    private static final Logger log = LoggerFactory.getLogger(ProducerLink.class);

    private final Receiver receiver;
    private final QueueEntity queue;
    private final EmulatorContext context;
    private final AmqpConnection connection;

    ProducerLink(Receiver receiver, QueueEntity queue, EmulatorContext context, AmqpConnection connection) {
        this.receiver = receiver;
        this.queue = queue;
        this.context = context;
        this.connection = connection;
    }

    @Override
    public void onDelivery(Delivery d) {
        byte[] bytes = Transfers.read(receiver, d);
        if (bytes == null) {
            return;
        }
        DeliveryState remote = d.getRemoteState();
        try {
            List<IncomingMessage> batch = decode(bytes, d.getMessageFormat());
            if (remote instanceof TransactionalState ts) {
                byte[] txn = ConsumerLink.bytes(ts.getTxnId());
                Transactions transactions = context.broker().transactions();
                transactions.enlist(txn, () -> batch.forEach(queue::send));
                TransactionalState accepted = new TransactionalState();
                accepted.setTxnId(ts.getTxnId());
                accepted.setOutcome(Accepted.getInstance());
                d.disposition(accepted);
            } else {
                for (IncomingMessage m : batch) {
                    queue.send(m);
                }
                d.disposition(Accepted.getInstance());
            }
        } catch (BrokerException e) {
            log.info("send to {} refused: {}", queue.path(), e.getMessage());
            d.disposition(Conditions.rejected(Conditions.of(e)));
        } catch (RuntimeException e) {
            log.info("send to {} could not be decoded: {}", queue.path(), e.toString());
            d.disposition(Conditions.rejected(Conditions.of(Conditions.DECODE_ERROR,
                    "The message could not be decoded: " + e.getMessage())));
        }
        d.settle();
        Transfers.topUp(receiver, CREDIT);
        connection.markDirty();
    }

    private List<IncomingMessage> decode(byte[] bytes, int format) {
        MessageCodec codec = context.codec();
        List<Message> messages = codec.decodeTransfer(bytes, bytes.length, Integer.toUnsignedLong(format));
        List<IncomingMessage> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            out.add(codec.toIncoming(m));
        }
        return out;
    }
}
