package dev.parley.worker.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.QuestionEnvelope;
import dev.parley.contract.Reply;
import dev.parley.contract.ReplyBody;
import dev.parley.contract.ReplyError;
import dev.parley.contract.ReplyStatus;
import dev.parley.contract.Violation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a question that breaks the contract gets: a dead-letter description and, where it can be addressed, a rejection. */
final class InvalidQuestions {

    static final String CODE = "invalid_question";
    private static final int MAX_SESSION_ID = 128;

    private InvalidQuestions() {
    }

    /** Every violation, e.g. {@code TEXT_MISSING(text): text is required; VERSION_UNSUPPORTED(parley-version): ...}. */
    static String describe(List<Violation> violations) {
        return violations.stream()
                .map(v -> v.code() + (v.field() == null ? "" : "(" + v.field() + ")") + ": " + v.message())
                .collect(Collectors.joining("; "));
    }

    static String codes(List<Violation> violations) {
        return violations.stream().map(v -> v.code().toString()).collect(Collectors.joining(","));
    }

    /**
     * The {@code rejected} reply, when the question says where one can go: a reply session (its
     * {@code replyToSessionId}, else its conversation id) that the reply queue can take. The queue
     * is its {@code replyTo}, else the default reply queue.
     */
    static Optional<Reply> rejection(QuestionEnvelope envelope, String description, long sequenceNumber) {
        String session = firstNonBlank(envelope.replyToSessionId(), envelope.sessionId());
        if (session == null || session.length() > MAX_SESSION_ID) {
            return Optional.empty();
        }
        String questionId = isBlank(envelope.messageId()) || envelope.messageId().length() > MAX_SESSION_ID
                ? "seq-" + sequenceNumber : envelope.messageId();
        ReplyBody body = new ReplyBody(ReplyStatus.REJECTED, "Your question could not be read: " + description,
                new ReplyError(CODE, description), channelOf(envelope), null, null);
        return Optional.of(new Reply(Reply.messageIdFor(questionId), session, envelope.messageId(),
                envelope.replyTo(), body));
    }

    /** The channel, echoed when the body is JSON enough to carry one, so the bridge can still route the rejection. */
    private static JsonNode channelOf(QuestionEnvelope envelope) {
        try {
            return ParleyJson.readQuestion(envelope.body()).channel();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String firstNonBlank(String first, String second) {
        return !isBlank(first) ? first : !isBlank(second) ? second : null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
