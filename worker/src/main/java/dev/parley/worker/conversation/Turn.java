package dev.parley.worker.conversation;

import java.time.Instant;
import java.util.Objects;

/**
 * One answered question of a conversation: what was asked, what the model answered, and when.
 *
 * <p>{@code question} is empty for a turn recalled from the conversation's answered-message
 * receipts (see {@link Conversation#turnFor(String)}): those keep only what a re-sent reply needs.
 */
public record Turn(String questionMessageId, String question, String answer, Instant answeredAt) {

    public Turn {
        Objects.requireNonNull(questionMessageId, "questionMessageId");
        question = question == null ? "" : question;
        answer = answer == null ? "" : answer;
        Objects.requireNonNull(answeredAt, "answeredAt");
    }
}
