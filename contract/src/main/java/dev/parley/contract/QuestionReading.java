package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What {@link QuestionReader} made of an envelope: a {@link Valid} question or an {@link Invalid} one. */
public sealed interface QuestionReading permits QuestionReading.Valid, QuestionReading.Invalid {

    /** The envelope keeps the contract. */
    record Valid(Question question) implements QuestionReading {
        public Valid {
            Objects.requireNonNull(question, "question");
        }
    }

    /**
     * The envelope breaks the contract. Besides the violations it keeps what could still be read, so that the worker
     * can log, dead-letter and, where possible, reply {@code rejected}. Each of those parts is {@code null} unless
     * it was present and itself valid.
     *
     * @param violations       every violation found (never empty)
     * @param messageId        the message id, if valid
     * @param conversationId   the session id, if valid
     * @param replyTo          the reply queue, if valid
     * @param replyToSessionId the reply session, if valid
     * @param channel          the body's channel object, if the body could be read that far
     */
    record Invalid(List<Violation> violations, String messageId, String conversationId, String replyTo,
                   String replyToSessionId, JsonNode channel) implements QuestionReading {

        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid question has at least one violation");
            }
            channel = Channels.copyOf(channel);
        }

        /** A copy of the channel object, or {@code null}. */
        @Override
        public JsonNode channel() {
            return channel == null ? null : channel.deepCopy();
        }

        /** One line naming every violation, fit for a dead-letter description. */
        public String description() {
            return Violation.describe(violations);
        }

        /** The {@code rejected} body for this question: {@link ParleyProtocol#ERROR_INVALID_QUESTION}, echoing the channel. */
        public ReplyBody rejection() {
            return ReplyBody.rejected(ParleyProtocol.ERROR_INVALID_QUESTION, description(), channel);
        }

        /**
         * {@code body} addressed by the contract's rules, if the question can be answered at all: that needs a valid
         * message id (for the correlation and reply ids), a session to reply to, and no invalid reply address (a reply
         * sent elsewhere than asked would reach nobody, or the wrong bridge). {@code replyTo} may still be
         * {@code null}, meaning the worker's default reply queue.
         */
        public Optional<Reply> reply(ReplyBody body) {
            boolean addressBroken = violations.stream().anyMatch(v -> v.code() == ViolationCode.REPLY_TO_TOO_LONG
                    || v.code() == ViolationCode.REPLY_TO_SESSION_ID_TOO_LONG);
            if (messageId == null || (replyToSessionId == null && conversationId == null) || addressBroken) {
                return Optional.empty();
            }
            return Optional.of(Reply.addressed(messageId, conversationId, replyTo, replyToSessionId, body));
        }

        /** {@link #rejection()} addressed as {@link #reply(ReplyBody)} does. */
        public Optional<Reply> rejectionReply() {
            return reply(rejection());
        }
    }
}
