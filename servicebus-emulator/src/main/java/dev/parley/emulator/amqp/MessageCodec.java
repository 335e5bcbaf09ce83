package dev.parley.emulator.amqp;

import dev.parley.emulator.EmulatedMessage;
import dev.parley.emulator.broker.IncomingMessage;
import dev.parley.emulator.broker.StoredMessage;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;
import org.apache.qpid.proton.message.Message;

/**
 * Turns AMQP bytes into broker messages and back. Delivered messages get Service Bus's header and annotations:
 * the header section is mandatory for the SDK, sequence numbers are longs, message state is an int.
 */
public final class MessageCodec {
    /** Message format of a batch: one Data section per fully encoded message. */
    public static final long BATCH_FORMAT = 0x80013700L;

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol LOCKED_UNTIL = Symbol.valueOf("x-opt-locked-until");
    static final Symbol MESSAGE_STATE = Symbol.valueOf("x-opt-message-state");
    static final Symbol SCHEDULED_ENQUEUE_TIME = Symbol.valueOf("x-opt-scheduled-enqueue-time");
    static final Symbol DEAD_LETTER_SOURCE = Symbol.valueOf("x-opt-deadletter-source");
    static final Symbol ENQUEUE_SEQUENCE_NUMBER = Symbol.valueOf("x-opt-enqueue-sequence-number");

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);
    private byte[] scratch = new byte[64 * 1024];

    public MessageCodec() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    /** Decodes one message, or every message of a batch transfer. */
    public List<Message> decodeTransfer(byte[] bytes, int length, long messageFormat) {
        if (messageFormat != BATCH_FORMAT) {
            return List.of(decode(bytes, 0, length));
        }
        List<Message> out = new ArrayList<>();
        for (Object section : sections(ByteBuffer.wrap(bytes, 0, length))) {
            if (section instanceof Data d) {
                Binary b = d.getValue();
                out.add(decode(b.getArray(), b.getArrayOffset(), b.getLength()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("batch transfer holds no Data section");
        }
        return out;
    }

    public Message decode(byte[] bytes, int offset, int length) {
        Message m = Message.Factory.create();
        m.decode(bytes, offset, length);
        return m;
    }

    private List<Object> sections(ByteBuffer buffer) {
        List<Object> out = new ArrayList<>();
        decoder.setByteBuffer(buffer);
        try {
            while (buffer.hasRemaining()) {
                Object section = decoder.readObject();
                if (!(section instanceof Section)) {
                    throw new IllegalArgumentException("not a message section: " + section);
                }
                out.add(section);
            }
        } finally {
            decoder.setByteBuffer(null);
        }
        return out;
    }

    /** What the broker needs to know about a sent message. */
    public IncomingMessage toIncoming(Message m) {
        Duration ttl = m.getHeader() != null && m.getHeader().getTtl() != null
                ? Duration.ofMillis(m.getHeader().getTtl().longValue()) : null;
        Instant scheduled = null;
        if (m.getMessageAnnotations() != null && m.getMessageAnnotations().getValue() != null) {
            Object at = m.getMessageAnnotations().getValue().get(SCHEDULED_ENQUEUE_TIME);
            if (at instanceof Date d) {
                scheduled = d.toInstant();
            }
        }
        return new IncomingMessage(idString(m.getMessageId()), m.getGroupId(), ttl, scheduled, m);
    }

    static String idString(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary b) {
            return java.util.HexFormat.of().formatHex(b.getArray(), b.getArrayOffset(),
                    b.getArrayOffset() + b.getLength());
        }
        return id.toString();
    }

    /**
     * The message as a receiver gets it. The returned array is reused: copy or send it before the next call.
     *
     * @return the number of bytes written to {@link #buffer()}
     */
    public int encodeForDelivery(StoredMessage stored) {
        Message original = (Message) stored.payload();
        Message out = Message.Factory.create();
        Header header = new Header();
        Header in = original.getHeader();
        if (in != null) {
            header.setDurable(in.getDurable());
            header.setPriority(in.getPriority());
            header.setTtl(in.getTtl());
        }
        header.setDurable(header.getDurable() == null ? Boolean.TRUE : header.getDurable());
        if (stored.expiresAt() != null) {
            // the effective time-to-live: the queue default caps (or supplies) the sender's
            long ttl = Duration.between(stored.enqueuedTime(), stored.expiresAt()).toMillis();
            if (ttl > 0 && ttl <= 0xFFFF_FFFFL) {
                header.setTtl(UnsignedInteger.valueOf(ttl));
            }
        }
        header.setDeliveryCount(UnsignedInteger.valueOf(Math.max(0, stored.deliveryCount() - 1)));
        out.setHeader(header);

        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        if (original.getMessageAnnotations() != null && original.getMessageAnnotations().getValue() != null) {
            annotations.putAll(original.getMessageAnnotations().getValue());
        }
        annotations.put(SEQUENCE_NUMBER, stored.sequenceNumber());
        annotations.put(ENQUEUE_SEQUENCE_NUMBER, stored.sequenceNumber());
        annotations.put(ENQUEUED_TIME, Date.from(stored.enqueuedTime()));
        annotations.put(MESSAGE_STATE, stored.state().wireValue());
        if (stored.lockedUntil() != null) {
            annotations.put(LOCKED_UNTIL, Date.from(stored.lockedUntil()));
        }
        if (stored.deadLetterSource() != null) {
            annotations.put(DEAD_LETTER_SOURCE, stored.deadLetterSource());
        }
        out.setMessageAnnotations(new MessageAnnotations(annotations));
        out.setProperties(original.getProperties());
        out.setApplicationProperties(applicationProperties(original, stored));
        out.setBody(original.getBody());
        out.setFooter(original.getFooter());
        return encode(out);
    }

    /** Encodes into {@link #buffer()}, growing it as needed. */
    public int encode(Message message) {
        while (true) {
            try {
                if (hasPrimitiveArrays(message.getBody())) {
                    return encodeWithPrimitiveArrays(message);
                }
                return message.encode(new WritableBuffer.ByteBufferWrapper(ByteBuffer.wrap(scratch)));
            } catch (BufferOverflowException | IndexOutOfBoundsException e) {
                scratch = new byte[scratch.length * 2];
            }
        }
    }

    private static boolean hasPrimitiveArrays(Section body) {
        if (body instanceof AmqpValue v && v.getValue() instanceof Map<?, ?> map) {
            for (Object value : map.values()) {
                if (value != null && value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * proton-j's map encoder casts every array to Object[], so a map holding a long[] (schedule-message's
     * sequence-numbers) is written here: the other sections by proton, the AmqpValue map by hand.
     */
    private int encodeWithPrimitiveArrays(Message message) {
        Section body = message.getBody();
        message.setBody(null);
        int head;
        try {
            head = message.encode(new WritableBuffer.ByteBufferWrapper(ByteBuffer.wrap(scratch)));
        } finally {
            message.setBody(body);
        }
        ByteBuffer out = ByteBuffer.wrap(scratch, head, scratch.length - head);
        encoder.setByteBuffer(out);
        out.put((byte) 0x00); // described type
        encoder.writeUnsignedLong(org.apache.qpid.proton.amqp.UnsignedLong.valueOf(0x77)); // amqp-value
        Map<?, ?> map = (Map<?, ?>) ((AmqpValue) body).getValue();
        out.put((byte) 0xd1); // map32
        int sizeAt = out.position();
        out.putInt(0);
        out.putInt(map.size() * 2);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            encoder.writeObject(e.getKey());
            Object v = e.getValue();
            if (v instanceof long[] longs) {
                encoder.writeArray(longs);
            } else if (v instanceof int[] ints) {
                encoder.writeArray(ints);
            } else if (v instanceof byte[] bytes) {
                encoder.writeArray(bytes);
            } else if (v instanceof boolean[] booleans) {
                encoder.writeArray(booleans);
            } else {
                encoder.writeObject(v);
            }
        }
        out.putInt(sizeAt, out.position() - sizeAt - 4);
        return out.position();
    }

    public byte[] buffer() {
        return scratch;
    }

    private static ApplicationProperties applicationProperties(Message original, StoredMessage stored) {
        ApplicationProperties ap = original.getApplicationProperties();
        if (stored.propertyChanges().isEmpty()) {
            return ap;
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        if (ap != null && ap.getValue() != null) {
            merged.putAll(ap.getValue());
        }
        merged.putAll(stored.propertyChanges());
        return new ApplicationProperties(merged);
    }

    /** A read-only snapshot for tests. */
    public static EmulatedMessage toEmulated(StoredMessage stored) {
        Message m = (Message) stored.payload();
        Properties p = m.getProperties();
        ApplicationProperties ap = applicationProperties(m, stored);
        Map<String, Object> props = new LinkedHashMap<>();
        if (ap != null && ap.getValue() != null) {
            ap.getValue().forEach((k, v) -> props.put(String.valueOf(k), v));
        }
        return new EmulatedMessage(
                stored.messageId(),
                stored.sessionId(),
                p == null ? null : idString(p.getCorrelationId()),
                p == null ? null : p.getReplyTo(),
                p == null ? null : p.getReplyToGroupId(),
                p == null ? null : p.getSubject(),
                p == null || p.getContentType() == null ? null : p.getContentType().toString(),
                bodyBytes(m.getBody()),
                java.util.Collections.unmodifiableMap(props),
                stored.sequenceNumber(),
                stored.deliveryCount(),
                stored.enqueuedTime(),
                stored.deadLetterReason(),
                stored.deadLetterDescription());
    }

    private static byte[] bodyBytes(Section body) {
        if (body instanceof Data d && d.getValue() != null) {
            Binary b = d.getValue();
            byte[] out = new byte[b.getLength()];
            System.arraycopy(b.getArray(), b.getArrayOffset(), out, 0, b.getLength());
            return out;
        }
        if (body instanceof AmqpValue v && v.getValue() != null) {
            Object value = v.getValue();
            if (value instanceof Binary b) {
                return java.util.Arrays.copyOfRange(b.getArray(), b.getArrayOffset(),
                        b.getArrayOffset() + b.getLength());
            }
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
        return body == null ? null : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }
}
