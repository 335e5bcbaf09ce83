package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import dev.parley.emulator.broker.Consumer;
import dev.parley.emulator.broker.MessageSession;
import dev.parley.emulator.broker.QueueEntity;
import dev.parley.emulator.broker.Settlement;
import dev.parley.emulator.broker.StoredMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Outcome;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's receiver: the broker hands it messages while it has credit; the client's dispositions settle them and
 * are echoed back settled with the same outcome type (the SDK waits for that echo).
 */
final class ConsumerLink implements LinkHandler, Consumer {
    static final Symbol LOCKED_UNTIL_UTC = Symbol.valueOf("com.microsoft:locked-until-utc");
    static final Symbol DEAD_LETTER = Symbol.valueOf("com.microsoft:dead-letter");
    private static final Symbol REASON = Symbol.valueOf("DeadLetterReason");
    private static final Symbol DESCRIPTION = Symbol.valueOf("DeadLetterErrorDescription");
    private static final Logger log = LoggerFactory.getLogger(ConsumerLink.class);

    private enum State { WAITING_FOR_SESSION, ACTIVE, CLOSED }

    private final Sender sender;
    private final QueueEntity queue;
    private final boolean receiveAndDelete;
    private final EmulatorContext context;
    private final AmqpConnection connection;
    private State state = State.ACTIVE;
    private MessageSession session;
    private Runnable cancelWait = () -> { };

    ConsumerLink(Sender sender, QueueEntity queue, boolean receiveAndDelete, EmulatorContext context,
                 AmqpConnection connection) {
        this.sender = sender;
        this.queue = queue;
        this.receiveAndDelete = receiveAndDelete;
        this.context = context;
        this.connection = connection;
    }

    // ------------------------------------------------------------ sessions

    void waiting(Runnable cancel) {
        if (session == null && state == State.ACTIVE) {
            state = State.WAITING_FOR_SESSION;
            this.cancelWait = cancel;
        }
    }

    /** The broker locked a session for this link: complete the attach, echoing the session id as a plain string. */
    void granted(MessageSession granted) {
        this.session = granted;
        this.state = State.ACTIVE;
        Source source = (Source) sender.getRemoteSource();
        Source local = new Source();
        local.setAddress(source.getAddress());
        local.setDurable(source.getDurable());
        local.setExpiryPolicy(source.getExpiryPolicy());
        local.setTimeout(source.getTimeout());
        local.setDynamic(source.getDynamic());
        local.setDistributionMode(source.getDistributionMode());
        local.setDefaultOutcome(source.getDefaultOutcome());
        local.setOutcomes(source.getOutcomes());
        local.setCapabilities(source.getCapabilities());
        Map<Symbol, Object> filter = new HashMap<>(source.getFilter());
        filter.put(LinkRouter.SESSION_FILTER, granted.id());
        local.setFilter(filter);
        Map<Symbol, Object> properties = new HashMap<>();
        properties.put(LOCKED_UNTIL_UTC, DotNet.ticks(granted.lockedUntil()));
        sender.setSource(local);
        LinkRouter.open(sender, properties);
        connection.markDirty();
        log.debug("connection {} session receiver '{}' on {} holds session {}", connection.name(), sender.getName(),
                queue.path(), granted.id());
    }

    void noSessionAvailable() {
        if (state != State.WAITING_FOR_SESSION) {
            return;
        }
        state = State.CLOSED;
        LinkRouter.refuse(sender, Conditions.TIMEOUT, "The operation did not complete within the allotted timeout:"
                + " no session is available on " + queue.path());
        connection.markDirty();
    }

    @Override
    public void sessionLockLost(String sessionId) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        session = null;
        sender.setCondition(Conditions.of(Conditions.SESSION_LOCK_LOST,
                "The session lock has expired on the MessageSession. Accept a new MessageSession. Session: "
                        + sessionId));
        sender.close();
        connection.markDirty();
    }

    // ------------------------------------------------------------ Consumer

    @Override
    public int credit() {
        return state == State.ACTIVE && sender.getLocalState() == EndpointState.ACTIVE ? sender.getCredit() : 0;
    }

    @Override
    public boolean receiveAndDelete() {
        return receiveAndDelete;
    }

    @Override
    public void deliver(StoredMessage message) {
        MessageCodec codec = context.codec();
        int n = codec.encodeForDelivery(message);
        UUID token = message.lockToken() != null ? message.lockToken() : UUID.randomUUID();
        Delivery d = sender.delivery(DotNet.guidBytes(token));
        d.setContext(message.lockToken());
        sender.send(codec.buffer(), 0, n);
        sender.advance();
        if (receiveAndDelete) {
            d.settle();
        }
        connection.markDirty();
        log.debug("delivered queue={} messageId={} sessionId={} seq={}", queue.path(), message.messageId(),
                message.sessionId(), message.sequenceNumber());
    }

    // ------------------------------------------------------------ link events

    @Override
    public void onFlow() {
        if (state != State.ACTIVE) {
            return;
        }
        if (session != null) {
            queue.dispatch(session);
        } else {
            queue.dispatch();
        }
    }

    @Override
    public void onDelivery(Delivery d) {
        if (d.isSettled()) {
            return;
        }
        DeliveryState remote = d.getRemoteState();
        UUID token = d.getContext() instanceof UUID u ? u : null;
        if (remote == null || token == null) {
            if (d.remotelySettled()) {
                d.settle();
            }
            return;
        }
        byte[] txn = null;
        Outcome outcome;
        if (remote instanceof TransactionalState ts) {
            txn = bytes(ts.getTxnId());
            outcome = ts.getOutcome();
        } else {
            outcome = remote instanceof Outcome o ? o : null;
        }
        if (outcome == null) {
            return; // a non-terminal state; wait for the outcome
        }
        try {
            Settlement settlement = settlement(outcome);
            if (txn != null) {
                if (!queue.holdsLock(token)) {
                    queue.settle(token, settlement); // throws the lock-lost error
                }
                context.broker().transactions().enlist(txn, () -> queue.settle(token, settlement));
            } else {
                queue.settle(token, settlement);
            }
            d.disposition(remote);
        } catch (BrokerException e) {
            log.debug("settlement refused queue={} lockToken={}: {}", queue.path(), token, e.getMessage());
            ErrorCondition error = Conditions.of(e);
            d.disposition(Conditions.rejected(error));
        }
        d.settle();
        connection.markDirty();
    }

    /** Maps the SDK's outcomes: Accepted=complete, Modified=abandon/defer, Rejected(dead-letter), Released=abandon. */
    static Settlement settlement(Outcome outcome) {
        if (outcome instanceof Accepted) {
            return Settlement.complete();
        }
        if (outcome instanceof Modified m) {
            Map<String, Object> props = stringKeys(m.getMessageAnnotations());
            return Boolean.TRUE.equals(m.getUndeliverableHere()) ? Settlement.defer(props) : Settlement.abandon(props);
        }
        if (outcome instanceof Rejected r) {
            Map<String, Object> props = new LinkedHashMap<>();
            String reason = null;
            String description = null;
            ErrorCondition error = r.getError();
            if (error != null && error.getInfo() != null) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) error.getInfo()).entrySet()) {
                    String k = String.valueOf(e.getKey());
                    if (REASON.toString().equals(k)) {
                        reason = e.getValue() == null ? null : e.getValue().toString();
                    } else if (DESCRIPTION.toString().equals(k)) {
                        description = e.getValue() == null ? null : e.getValue().toString();
                    } else {
                        props.put(k, e.getValue());
                    }
                }
            }
            if (reason == null && error != null && !DEAD_LETTER.equals(error.getCondition())
                    && error.getCondition() != null) {
                reason = error.getCondition().toString();
                description = error.getDescription();
            }
            return Settlement.deadLetter(reason, description, props);
        }
        if (outcome instanceof Released) {
            return Settlement.abandon(Map.of());
        }
        throw new BrokerException(BrokerException.ErrorCode.NOT_IMPLEMENTED, "unsupported outcome " + outcome);
    }

    static Map<String, Object> stringKeys(Map<?, ?> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static byte[] bytes(Binary b) {
        if (b == null) {
            return new byte[0];
        }
        byte[] out = new byte[b.getLength()];
        System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
        return out;
    }

    @Override
    public void onClose() {
        State was = state;
        state = State.CLOSED;
        if (was == State.WAITING_FOR_SESSION) {
            cancelWait.run();
        } else if (was == State.ACTIVE) {
            if (session != null) {
                queue.releaseSession(session.id(), this);
                session = null;
            } else if (!queue.requiresSession()) {
                queue.removeConsumer(this);
            }
        }
    }
}
