package dev.parley.contract;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How a question ended. */
public enum ReplyStatus {
    /** The model answered; the reply carries {@code text}. */
    ANSWERED("answered"),
    /** The question will not be answered as asked (invalid, filtered); the reply carries {@code error}. */
    REJECTED("rejected"),
    /** Parley could not answer (model unavailable, internal error); the reply carries {@code error}. */
    FAILED("failed");

    private final String wireName;

    ReplyStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON value, lower case. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The status whose JSON value is exactly {@code wireName}, if there is one. */
    public static Optional<ReplyStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
