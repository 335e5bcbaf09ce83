package dev.parley.contract;

import java.util.List;

/** A body {@link ParleyJson} could not read: malformed JSON, or JSON that breaks the contract. */
public final class ParleyJsonException extends RuntimeException {

    private final List<Violation> violations;

    ParleyJsonException(String message, List<Violation> violations, Throwable cause) {
        super(message, cause);
        this.violations = List.copyOf(violations);
    }

    /** For a question body, every violation found; empty for a reply body. */
    public List<Violation> violations() {
        return violations;
    }
}
