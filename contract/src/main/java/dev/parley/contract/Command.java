package dev.parley.contract;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** An instruction that travels with a question instead of, or besides, being answered. */
public enum Command {
    /** Forget the conversation's context before handling this question. */
    RESET("reset");

    private final String wireName;

    Command(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON value, lower case. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The command whose JSON value is exactly {@code wireName}, if there is one. */
    public static Optional<Command> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(c -> c.wireName.equals(wireName)).findFirst();
    }
}
