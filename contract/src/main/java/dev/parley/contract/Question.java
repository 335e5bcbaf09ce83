package dev.parley.contract;

import java.util.Objects;

/**
 * A question as the worker sees it once {@link QuestionReader} has accepted it.
 *
 * @param messageId        the Service Bus message id; unique per question
 * @param conversationId   the Service Bus session id
 * @param replyTo          the queue the reply goes to, or {@code null} for the worker's default
 * @param replyToSessionId the session the reply goes to, or {@code null} for the conversation id
 * @param parleyVersion    the {@value ParleyProtocol#VERSION_PROPERTY} application property
 * @param traceparent      the W3C trace context of the producer, or {@code null}
 * @param body             the JSON body
 */
public record Question(String messageId, String conversationId, String replyTo, String replyToSessionId,
                       String parleyVersion, String traceparent, QuestionBody body) {

    public Question {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(parleyVersion, "parleyVersion");
        Objects.requireNonNull(body, "body");
    }

    /** A builder for producers and tests; {@code parleyVersion} defaults to the current version. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Question}; {@code messageId}, {@code conversationId} and {@code body} are required. */
    public static final class Builder {
        private String messageId;
        private String conversationId;
        private String replyTo;
        private String replyToSessionId;
        private String parleyVersion = ParleyProtocol.CURRENT_VERSION;
        private String traceparent;
        private QuestionBody body;

        private Builder() {
        }

        public Builder messageId(String messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder conversationId(String conversationId) {
            this.conversationId = conversationId;
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

        public Builder parleyVersion(String parleyVersion) {
            this.parleyVersion = parleyVersion;
            return this;
        }

        public Builder traceparent(String traceparent) {
            this.traceparent = traceparent;
            return this;
        }

        public Builder body(QuestionBody body) {
            this.body = body;
            return this;
        }

        public Question build() {
            return new Question(messageId, conversationId, replyTo, replyToSessionId, parleyVersion, traceparent,
                    body);
        }
    }
}
