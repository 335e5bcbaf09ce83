package dev.parley.worker.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * Proof that a question was answered, kept after its {@link Turn} left the prompt history.
 *
 * <p>Trimming drops the oldest turns to stay inside the token and size budgets; a redelivered
 * question must still be recognised and replied from what was stored, without a second model call.
 * So a trimmed turn leaves a receipt: the question's message id and the reply text.
 */
public record Receipt(String questionMessageId, String answer, Instant answeredAt) {

    public Receipt {
        Objects.requireNonNull(questionMessageId, "questionMessageId");
        answer = answer == null ? "" : answer;
        Objects.requireNonNull(answeredAt, "answeredAt");
    }

    static Receipt of(Turn turn) {
        return new Receipt(turn.questionMessageId(), turn.answer(), turn.answeredAt());
    }

    Turn asTurn() {
        return new Turn(questionMessageId, "", answer, answeredAt);
    }
}
