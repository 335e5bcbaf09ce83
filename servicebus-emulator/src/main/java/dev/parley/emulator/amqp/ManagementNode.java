package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import dev.parley.emulator.broker.BrokerException.ErrorCode;
import dev.parley.emulator.broker.IncomingMessage;
import dev.parley.emulator.broker.QueueEntity;
import dev.parley.emulator.broker.Settlement;
import dev.parley.emulator.broker.StoredMessage;
import java.lang.reflect.Array;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An entity's {@code $management} node: the request/response operations the Java SDK uses. */
final class ManagementNode implements RequestNode {
    private static final String PREFIX = "com.microsoft:";
    private static final Logger log = LoggerFactory.getLogger(ManagementNode.class);

    private final QueueEntity queue;
    private final EmulatorContext context;

    ManagementNode(QueueEntity queue, EmulatorContext context) {
        this.queue = queue;
        this.context = context;
    }

    @Override
    public Message handle(Message request, byte[] transaction) {
        String operation = RequestNode.operation(request);
        Map<?, ?> body = request.getBody() instanceof AmqpValue v && v.getValue() instanceof Map<?, ?> m ? m : Map.of();
        log.debug("management queue={} operation={}", queue.path(), operation);
        try {
            return switch (operation == null ? "" : operation.replace(PREFIX, "")) {
                case "renew-lock" -> renewLock(body);
                case "peek-message" -> peek(body);
                case "receive-by-sequence-number" -> receiveBySequenceNumber(body);
                case "update-disposition" -> updateDisposition(body, transaction);
                case "schedule-message" -> schedule(body, transaction);
                case "cancel-scheduled-message" -> cancelScheduled(body);
                case "renew-session-lock" -> ok(Map.of("expiration", Date.from(
                        queue.renewSessionLock(string(body, "session-id")))));
                case "get-session-state" -> getSessionState(body);
                case "set-session-state" -> setSessionState(body);
                default -> RequestNode.error(501, Conditions.NOT_IMPLEMENTED,
                        "The operation '" + operation + "' is not supported by the emulator.");
            };
        } catch (BrokerException e) {
            return RequestNode.error(e.code().status(), e.code().condition(), e.getMessage());
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
            return RequestNode.error(400, Conditions.DECODE_ERROR, "Malformed " + operation + " request: " + e);
        }
    }

    private Message renewLock(Map<?, ?> body) {
        List<UUID> tokens = uuids(body.get("lock-tokens"));
        Date[] expirations = new Date[tokens.size()];
        for (int i = 0; i < expirations.length; i++) {
            expirations[i] = Date.from(queue.renewLock(tokens.get(i)));
        }
        return ok(Map.of("expirations", expirations));
    }

    private Message peek(Map<?, ?> body) {
        long from = ((Number) body.get("from-sequence-number")).longValue();
        int count = ((Number) body.get("message-count")).intValue();
        List<StoredMessage> found = queue.peek(from, count, string(body, "session-id"));
        if (found.isEmpty()) {
            return RequestNode.response(204, "No messages", null);
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        for (StoredMessage m : found) {
            messages.add(new HashMap<>(Map.of("message", encoded(m))));
        }
        return ok(Map.of("messages", messages));
    }

    private Message receiveBySequenceNumber(Map<?, ?> body) {
        long[] sequenceNumbers = longs(body.get("sequence-numbers"));
        Object mode = body.get("receiver-settle-mode");
        boolean receiveAndDelete = mode instanceof Number n && n.intValue() == 0;
        List<Map<String, Object>> messages = new ArrayList<>();
        for (StoredMessage m : queue.receiveDeferred(sequenceNumbers, string(body, "session-id"), receiveAndDelete)) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("message", encoded(m));
            if (m.lockToken() != null) {
                entry.put("lock-token", m.lockToken());
            }
            messages.add(entry);
        }
        return ok(Map.of("messages", messages));
    }

    private Message updateDisposition(Map<?, ?> body, byte[] transaction) {
        List<UUID> tokens = uuids(body.get("lock-tokens"));
        String status = string(body, "disposition-status");
        Map<String, Object> props = ConsumerLink.stringKeys((Map<?, ?>) body.get("properties-to-modify"));
        Settlement settlement = switch (status == null ? "" : status) {
            case "completed" -> Settlement.complete();
            case "abandoned" -> Settlement.abandon(props);
            case "defered", "deferred" -> Settlement.defer(props);
            case "suspended" -> Settlement.deadLetter(string(body, "deadletter-reason"),
                    string(body, "deadletter-description"), props);
            default -> throw new BrokerException(ErrorCode.INVALID_FIELD, "unknown disposition-status " + status);
        };
        for (UUID token : tokens) {
            if (transaction != null) {
                if (!queue.holdsLock(token)) {
                    queue.settle(token, settlement);
                }
                context.broker().transactions().enlist(transaction, () -> queue.settle(token, settlement));
            } else {
                queue.settle(token, settlement);
            }
        }
        return ok(null);
    }

    private Message schedule(Map<?, ?> body, byte[] transaction) {
        List<IncomingMessage> incoming = new ArrayList<>();
        for (Object entry : (Iterable<?>) body.get("messages")) {
            Binary b = (Binary) ((Map<?, ?>) entry).get("message");
            Message m = context.codec().decode(b.getArray(), b.getArrayOffset(), b.getLength());
            incoming.add(context.codec().toIncoming(m));
        }
        // Sequence numbers are answered at once, so a transactional schedule is applied immediately.
        long[] sequenceNumbers = new long[incoming.size()];
        for (int i = 0; i < sequenceNumbers.length; i++) {
            IncomingMessage in = incoming.get(i);
            Instant at = in.scheduledEnqueueTime() == null ? context.loop().now() : in.scheduledEnqueueTime();
            sequenceNumbers[i] = queue.send(new IncomingMessage(in.messageId(), in.sessionId(), in.timeToLive(), at,
                    in.payload()));
        }
        return ok(Map.of("sequence-numbers", sequenceNumbers));
    }

    private Message cancelScheduled(Map<?, ?> body) {
        for (long seq : longs(body.get("sequence-numbers"))) {
            queue.cancelScheduled(seq);
        }
        return ok(null);
    }

    private Message getSessionState(Map<?, ?> body) {
        Map<String, Object> out = new HashMap<>();
        out.put("session-state", queue.sessionState(string(body, "session-id")).map(Binary::new).orElse(null));
        return ok(out);
    }

    private Message setSessionState(Map<?, ?> body) {
        Object state = body.get("session-state");
        byte[] bytes = state instanceof Binary b ? ConsumerLink.bytes(b) : null;
        queue.sessionState(string(body, "session-id"), bytes);
        return ok(null);
    }

    private Binary encoded(StoredMessage m) {
        int n = context.codec().encodeForDelivery(m);
        return new Binary(Arrays.copyOf(context.codec().buffer(), n));
    }

    private static Message ok(Object body) {
        return RequestNode.response(200, "OK", body == null ? new HashMap<>() : body);
    }

    private static String string(Map<?, ?> body, String key) {
        Object v = body.get(key);
        return v == null ? null : v.toString();
    }

    private static List<UUID> uuids(Object value) {
        List<UUID> out = new ArrayList<>();
        for (Object o : elements(value)) {
            out.add((UUID) o);
        }
        return out;
    }

    private static long[] longs(Object value) {
        List<Object> items = elements(value);
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) items.get(i)).longValue();
        }
        return out;
    }

    /** AMQP arrays decode to Java arrays (primitive or not); lists to Lists. */
    private static List<Object> elements(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("missing array");
        }
        List<Object> out = new ArrayList<>();
        if (value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                out.add(Array.get(value, i));
            }
        } else if (value instanceof Iterable<?> it) {
            it.forEach(out::add);
        } else {
            out.add(value);
        }
        return out;
    }
}
