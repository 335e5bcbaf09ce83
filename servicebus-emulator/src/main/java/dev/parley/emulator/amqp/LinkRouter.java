package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import dev.parley.emulator.broker.QueueEntity;
import java.util.Map;
import org.apache.qpid.proton.amqp.DescribedType;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides what an attaching link is (CBS, management, coordinator, entity sender or receiver) and answers it. */
final class LinkRouter {
    static final Symbol SESSION_FILTER = Symbol.valueOf("com.microsoft:session-filter");
    static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");
    static final Symbol TRANSFER_DESTINATION = Symbol.valueOf("com.microsoft:transfer-destination-address");
    static final UnsignedLong MAX_MESSAGE_SIZE = UnsignedLong.valueOf(1024 * 1024);
    private static final String CBS = "$cbs";
    private static final String MANAGEMENT_SUFFIX = "/$management";
    private static final long DEFAULT_ATTACH_TIMEOUT_MS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(LinkRouter.class);

    private final AmqpConnection connection;
    private final EmulatorContext context;

    LinkRouter(AmqpConnection connection, EmulatorContext context) {
        this.connection = connection;
        this.context = context;
    }

    void attach(Link link) {
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        try {
            if (link instanceof Receiver r) {
                attachIncoming(r);
            } else {
                attachOutgoing((Sender) link);
            }
        } catch (BrokerException e) {
            log.info("connection {} link '{}' refused: {}", connection.name(), link.getName(), e.getMessage());
            refuse(link, e.code().condition(), e.getMessage());
        } catch (RuntimeException e) {
            log.info("connection {} link '{}' refused: {}", connection.name(), link.getName(), e.toString());
            refuse(link, Conditions.DECODE_ERROR, "cannot understand the attach: " + e.getMessage());
        }
        connection.markDirty();
    }

    /** The client sends on this link: to a queue, a request node or the transaction coordinator. */
    private void attachIncoming(Receiver receiver) {
        if (receiver.getRemoteTarget() instanceof Coordinator) {
            open(receiver, null);
            receiver.setContext(new CoordinatorLink(receiver, context, connection));
            return;
        }
        String address = address(receiver.getRemoteTarget());
        if (CBS.equals(address)) {
            open(receiver, null);
            receiver.setContext(new RequestLink(receiver, new CbsNode(), context.codec(), connection));
            return;
        }
        if (address.endsWith(MANAGEMENT_SUFFIX)) {
            QueueEntity entity = entity(address.substring(0, address.length() - MANAGEMENT_SUFFIX.length()));
            open(receiver, null);
            receiver.setContext(new RequestLink(receiver, new ManagementNode(entity, context), context.codec(),
                    connection));
            return;
        }
        QueueEntity via = entity(address);
        Object destination = receiver.getRemoteProperties() == null ? null
                : receiver.getRemoteProperties().get(TRANSFER_DESTINATION);
        QueueEntity target = destination == null ? via : entity(String.valueOf(destination));
        if (target.isDeadLetterQueue()) {
            throw new BrokerException(BrokerException.ErrorCode.NOT_ALLOWED,
                    "Cannot send to a dead-letter queue: " + target.path());
        }
        open(receiver, null);
        receiver.setContext(new ProducerLink(receiver, target, context, connection));
        log.debug("connection {} sender link '{}' to {}", connection.name(), receiver.getName(), target.path());
    }

    /** The client receives on this link: request-node replies, or messages from a queue or one of its sessions. */
    private void attachOutgoing(Sender sender) {
        String address = address(sender.getRemoteSource());
        if (CBS.equals(address) || address.endsWith(MANAGEMENT_SUFFIX)) {
            String replyTo = address(sender.getRemoteTarget());
            open(sender, null);
            connection.registerReplyLink(replyTo, sender);
            return;
        }
        QueueEntity entity = entity(address);
        boolean receiveAndDelete = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        Map<Symbol, Object> filter = ((Source) sender.getRemoteSource()).getFilter();
        boolean sessionful = filter != null && filter.containsKey(SESSION_FILTER);
        if (sessionful != entity.requiresSession()) {
            throw new BrokerException(BrokerException.ErrorCode.NOT_ALLOWED, entity.requiresSession()
                    ? "It is not possible for an entity that requires sessions to create a non-sessionful message"
                    + " receiver. Entity: " + entity.path()
                    : "It is not possible for an entity that does not require sessions to create a sessionful"
                    + " receiver. Entity: " + entity.path());
        }
        ConsumerLink consumer = new ConsumerLink(sender, entity, receiveAndDelete, context, connection);
        sender.setContext(consumer);
        if (!sessionful) {
            open(sender, null);
            entity.addConsumer(consumer);
            log.debug("connection {} receiver link '{}' on {}", connection.name(), sender.getName(), entity.path());
            return;
        }
        String requested = sessionId(filter.get(SESSION_FILTER));
        if (requested != null) {
            consumer.granted(entity.acceptSession(requested, consumer));
            return;
        }
        long timeoutMs = attachTimeout(sender);
        Runnable cancel = entity.acceptNextSession(consumer, context.loop().now().plusMillis(timeoutMs),
                consumer::granted, consumer::noSessionAvailable);
        consumer.waiting(cancel);
    }

    private static long attachTimeout(Link link) {
        Object t = link.getRemoteProperties() == null ? null : link.getRemoteProperties().get(TIMEOUT);
        if (t instanceof UnsignedInteger u) {
            return u.longValue();
        }
        if (t instanceof Number n) {
            return n.longValue();
        }
        return DEFAULT_ATTACH_TIMEOUT_MS;
    }

    /** Java sends the session id as a plain string; Go and Node wrap it in a described type. */
    private static String sessionId(Object value) {
        if (value instanceof DescribedType d) {
            value = d.getDescribed();
        }
        return value == null ? null : value.toString();
    }

    private QueueEntity entity(String path) {
        return context.broker().entity(path).orElseThrow(() -> new BrokerException(
                BrokerException.ErrorCode.NOT_FOUND, "The messaging entity '" + path + "' could not be found."));
    }

    /** Entity path from a link address; tolerates full URIs ({@code amqps://host/queue}). */
    static String address(Object terminus) {
        String a = terminus instanceof Source s ? s.getAddress()
                : terminus instanceof Target t ? t.getAddress() : null;
        if (a == null) {
            throw new IllegalArgumentException("link terminus has no address");
        }
        int scheme = a.indexOf("://");
        if (scheme >= 0) {
            int slash = a.indexOf('/', scheme + 3);
            a = slash < 0 ? "" : a.substring(slash + 1);
        }
        return a;
    }

    /** Answers an attach with the client's own terminus settings. */
    static void open(Link link, Map<Symbol, Object> properties) {
        if (link.getSource() == null) {
            link.setSource(link.getRemoteSource());
        }
        link.setTarget(link.getRemoteTarget());
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link.getRemoteReceiverSettleMode());
        link.setMaxMessageSize(MAX_MESSAGE_SIZE);
        if (properties != null) {
            link.setProperties(properties);
        }
        link.open();
        if (link instanceof Receiver r) {
            r.flow(ProducerLink.CREDIT);
        }
    }

    /** Refusal as Service Bus does it: attach with a null terminus, then detach with the error. */
    static void refuse(Link link, String condition, String description) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        }
        link.open();
        link.setCondition(Conditions.of(condition, description));
        link.close();
    }
}
