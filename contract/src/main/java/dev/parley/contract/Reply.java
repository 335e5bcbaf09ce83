package dev.parley.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A reply, addressed: the Service Bus properties it must carry plus its body.
 *
 * @param messageId     {@link #messageIdFor(String)} of the question's message id, so that a re-sent reply is a
 *                      duplicate the reply queue's duplicate detection drops
 * @param sessionId     the question's {@code replyToSessionId}, else its conversation id
 * @param correlationId the question's message id
 * @param replyTo       the queue to send the reply to (the question's {@code replyTo}), or {@code null} for the
 *                      worker's default reply queue
 * @param body          the JSON body
 */
public record Reply(String messageId, String sessionId, String correlationId, String replyTo, ReplyBody body) {

    /** Name-based (version 5) UUIDs of reply ids live in this namespace; changing it changes every reply id. */
    static final UUID REPLY_ID_NAMESPACE = UUID.fromString("6d1c4c36-1f0e-4a52-9d7e-6c0b9a2f51e7");

    public Reply {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(body, "body");
    }

    /** The application properties every reply carries: {@value ParleyProtocol#VERSION_PROPERTY} only. */
    public Map<String, Object> applicationProperties() {
        return Map.of(ParleyProtocol.VERSION_PROPERTY, ParleyProtocol.CURRENT_VERSION);
    }

    /** The content type of every reply body. */
    public String contentType() {
        return ParleyProtocol.CONTENT_TYPE_JSON;
    }

    /** The reply to {@code question}, addressed by the contract's rules. */
    public static Reply to(Question question, ReplyBody body) {
        return addressed(question.messageId(), question.conversationId(), question.replyTo(),
                question.replyToSessionId(), body);
    }

    /**
     * The reply to a question known only by its properties, e.g. an invalid one (see
     * {@link QuestionReading.Invalid#reply(ReplyBody)}).
     */
    static Reply addressed(String questionMessageId, String conversationId, String replyTo, String replyToSessionId,
                           ReplyBody body) {
        String sessionId = replyToSessionId != null ? replyToSessionId : conversationId;
        return new Reply(messageIdFor(questionMessageId), sessionId, questionMessageId, replyTo, body);
    }

    /**
     * The reply's message id for a question's message id: the same input always gives the same 36-character UUID,
     * and different inputs give different ones.
     */
    public static String messageIdFor(String questionMessageId) {
        Objects.requireNonNull(questionMessageId, "questionMessageId");
        return nameBasedUuid(REPLY_ID_NAMESPACE, questionMessageId).toString();
    }

    /** RFC 9562 version 5: SHA-1 over namespace and name, with the version and variant bits set. */
    private static UUID nameBasedUuid(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong());
    }
}
