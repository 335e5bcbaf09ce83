package dev.parley.emulator.amqp;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The request half of a request/response pair; answers go out on the connection's reply link for reply-to. */
final class RequestLink implements LinkHandler {
    private static final Logger log = LoggerFactory.getLogger(RequestLink.class);

    private final Receiver receiver;
    private final RequestNode node;
    private final MessageCodec codec;
    private final AmqpConnection connection;

    RequestLink(Receiver receiver, RequestNode node, MessageCodec codec, AmqpConnection connection) {
        this.receiver = receiver;
        this.node = node;
        this.codec = codec;
        this.connection = connection;
    }

    @Override
    public void onDelivery(Delivery d) {
        byte[] bytes = Transfers.read(receiver, d);
        if (bytes == null) {
            return;
        }
        Message request;
        try {
            request = codec.decode(bytes, 0, bytes.length);
        } catch (RuntimeException e) {
            log.info("undecodable request on '{}': {}", receiver.getName(), e.toString());
            d.disposition(Conditions.rejected(Conditions.of(Conditions.DECODE_ERROR, e.toString())));
            d.settle();
            connection.markDirty();
            return;
        }
        byte[] txn = d.getRemoteState() instanceof TransactionalState ts ? ConsumerLink.bytes(ts.getTxnId()) : null;
        Message response;
        try {
            response = node.handle(request, txn);
        } catch (RuntimeException e) {
            log.warn("request {} failed: {}", RequestNode.operation(request), e.toString(), e);
            response = RequestNode.error(500, "com.microsoft:internal-error", e.toString());
        }
        Properties p = response.getProperties() == null ? new Properties() : response.getProperties();
        p.setCorrelationId(request.getMessageId());
        response.setProperties(p);
        d.disposition(Accepted.getInstance());
        d.settle();
        connection.reply(request.getReplyTo(), response, codec);
        Transfers.topUp(receiver, ProducerLink.CREDIT);
        connection.markDirty();
    }
}
