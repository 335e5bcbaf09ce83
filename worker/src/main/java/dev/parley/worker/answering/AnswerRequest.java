package dev.parley.worker.answering;

import dev.parley.worker.conversation.Turn;
import java.util.List;
import java.util.Objects;

/**
 * A question with the history to answer it from.
 *
 * @param history earlier turns, oldest first, already bounded for the prompt
 *                ({@link dev.parley.worker.conversation.ContextWindow#forPrompt})
 */
public record AnswerRequest(String conversationId, String messageId, List<Turn> history, String question) {

    public AnswerRequest {
        history = List.copyOf(history == null ? List.of() : history);
        Objects.requireNonNull(question, "question");
    }
}
