package dev.parley.worker.intake;

import java.util.Locale;

/** How a question ended; the {@code outcome} tag of {@code parley.questions}. */
public enum TurnOutcome {
    /** Answered by the model, or a {@code reset} confirmed. */
    ANSWERED,
    /** The model refused (content filter); replied {@code rejected}. */
    REJECTED,
    /** The model stayed unavailable; replied {@code failed} and dead-lettered {@code ModelUnavailable}. */
    FAILED,
    /** Broke the contract; dead-lettered {@code InvalidQuestion}. */
    INVALID,
    /** Already answered before a crash; the stored answer was re-sent. */
    DUPLICATE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
