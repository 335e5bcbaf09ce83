package dev.parley.worker.answering;

/** What became of a question sent to the model. */
public sealed interface Answer permits Answer.Answered, Answer.Rejected, Answer.Unavailable {

    /** The model answered. */
    record Answered(String text, int promptTokens, int completionTokens, String model) implements Answer {}

    /** The model refused the question, e.g. {@code content_filtered}; asking again will not help. */
    record Rejected(String code, String reason) implements Answer {}

    /**
     * No answer could be had: throttling budget spent, 5xx, timeout, misconfiguration. {@code code} is
     * {@code model_unavailable} for the kinds a later retry may cure (throttling, 5xx, timeouts) and
     * {@code model_misconfigured} for those it will not (401/403/404).
     */
    record Unavailable(String code, String reason, Throwable cause) implements Answer {}
}
