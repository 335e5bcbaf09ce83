package dev.parley.contract;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One way a question breaks the contract.
 *
 * @param code    the stable code
 * @param field   where: a Service Bus property ({@code messageId}, {@code sessionId}, ...), an application
 *                property ({@code applicationProperties.parley-version}) or a body path ({@code body.text})
 * @param message a sentence for people that names the field and, where there is one, the limit
 */
public record Violation(ViolationCode code, String field, String message) {

    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /**
     * One line naming every violation, short enough for a Service Bus dead-letter description
     * ({@value ParleyProtocol#DEAD_LETTER_DESCRIPTION_MAX_LENGTH} characters; longer text is cut and ends in
     * "...").
     */
    public static String describe(List<Violation> violations) {
        String line = violations.size() + (violations.size() == 1 ? " violation: " : " violations: ")
                + violations.stream()
                        .map(v -> v.code() + " " + v.field() + ": " + v.message())
                        .collect(Collectors.joining("; "));
        line = Printable.oneLine(line);
        int max = ParleyProtocol.DEAD_LETTER_DESCRIPTION_MAX_LENGTH;
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
