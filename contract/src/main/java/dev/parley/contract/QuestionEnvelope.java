package dev.parley.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A received (or to-be-sent) question as the transport carries it, without Service Bus types: the worker copies
 * these out of a {@code ServiceBusReceivedMessage} and hands them to {@link QuestionReader}.
 *
 * @param messageId             the Service Bus message id
 * @param sessionId             the Service Bus session id (the conversation id)
 * @param replyTo               the reply queue, or {@code null}
 * @param replyToSessionId      the reply session, or {@code null}
 * @param contentType           the content type, or {@code null}
 * @param applicationProperties the application properties (never {@code null}; values may be)
 * @param body                  the raw body bytes (never {@code null})
 */
public record QuestionEnvelope(String messageId, String sessionId, String replyTo, String replyToSessionId,
                               String contentType, Map<String, Object> applicationProperties, byte[] body) {

    public QuestionEnvelope {
        // AMQP application properties may hold null values, which Map.copyOf refuses.
        applicationProperties = applicationProperties == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(applicationProperties));
        body = body == null ? new byte[0] : body.clone();
    }

    /** What a producer sends for {@code question}: its properties, the version, its trace context and its body. */
    public static QuestionEnvelope of(Question question) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ParleyProtocol.VERSION_PROPERTY, question.parleyVersion());
        if (question.traceparent() != null) {
            properties.put(ParleyProtocol.TRACEPARENT_PROPERTY, question.traceparent());
        }
        return new QuestionEnvelope(question.messageId(), question.conversationId(), question.replyTo(),
                question.replyToSessionId(), ParleyProtocol.CONTENT_TYPE_JSON, properties,
                ParleyJson.write(question.body()));
    }

    /** A copy of the body bytes (records are immutable; arrays are not). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body itself, for this package's readers, which never change it: spares a copy of a large body. */
    byte[] bodyWithoutCopy() {
        return body;
    }

    /** The body's size in bytes, without copying it. */
    public int bodyLength() {
        return body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuestionEnvelope that
                && Objects.equals(messageId, that.messageId)
                && Objects.equals(sessionId, that.sessionId)
                && Objects.equals(replyTo, that.replyTo)
                && Objects.equals(replyToSessionId, that.replyToSessionId)
                && Objects.equals(contentType, that.contentType)
                && applicationProperties.equals(that.applicationProperties)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, sessionId, replyTo, replyToSessionId, contentType, applicationProperties,
                Arrays.hashCode(body));
    }

    /** Gives the body's size, never its content, so that a log line never carries what a user asked. */
    @Override
    public String toString() {
        return "QuestionEnvelope[messageId=" + messageId + ", sessionId=" + sessionId + ", replyTo=" + replyTo
                + ", replyToSessionId=" + replyToSessionId + ", contentType=" + contentType
                + ", applicationProperties=" + applicationProperties + ", body=<" + body.length + " bytes>]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this envelope, e.g. to derive a broken one in a test. */
    public Builder toBuilder() {
        return new Builder().messageId(messageId).sessionId(sessionId).replyTo(replyTo)
                .replyToSessionId(replyToSessionId).contentType(contentType)
                .applicationProperties(applicationProperties).body(body);
    }

    /** Builds a {@link QuestionEnvelope}; every part is optional, as it is on the wire. */
    public static final class Builder {
        private String messageId;
        private String sessionId;
        private String replyTo;
        private String replyToSessionId;
        private String contentType;
        private final Map<String, Object> applicationProperties = new LinkedHashMap<>();
        private byte[] body;

        private Builder() {
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder replyTo(String replyTo) {
            this.replyTo = replyTo;
            return this;
        }

        public Builder replyToSessionId(String replyToSessionId) {
            this.replyToSessionId = replyToSessionId;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        /** Replaces every application property. */
        public Builder applicationProperties(Map<String, Object> applicationProperties) {
            this.applicationProperties.clear();
            this.applicationProperties.putAll(applicationProperties);
            return this;
        }

        /** Sets one application property; a {@code null} value removes it. */
        public Builder applicationProperty(String name, Object value) {
            if (value == null) {
                applicationProperties.remove(name);
            } else {
                applicationProperties.put(name, value);
            }
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        /** The body as UTF-8. */
        public Builder body(String body) {
            return body(body.getBytes(StandardCharsets.UTF_8));
        }

        public QuestionEnvelope build() {
            return new QuestionEnvelope(messageId, sessionId, replyTo, replyToSessionId, contentType,
                    applicationProperties, body);
        }
    }
}
