package dev.parley.contract;

import java.util.Objects;

/**
 * Why a question was rejected or failed.
 *
 * @param code    a stable, machine-readable code, e.g. {@link ParleyProtocol#ERROR_INVALID_QUESTION}
 * @param message a sentence for people
 */
public record ReplyError(String code, String message) {

    public ReplyError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
