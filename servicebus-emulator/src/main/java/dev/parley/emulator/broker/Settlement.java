package dev.parley.emulator.broker;

import java.util.Map;

/** What a receiver decided about a locked message. */
public record Settlement(Kind kind, String deadLetterReason, String deadLetterDescription,
                         Map<String, Object> propertiesToModify) {

    public enum Kind { COMPLETE, ABANDON, DEFER, DEAD_LETTER }

    public static Settlement complete() {
        return new Settlement(Kind.COMPLETE, null, null, Map.of());
    }

    public static Settlement abandon(Map<String, Object> propertiesToModify) {
        return new Settlement(Kind.ABANDON, null, null, propertiesToModify);
    }

    public static Settlement defer(Map<String, Object> propertiesToModify) {
        return new Settlement(Kind.DEFER, null, null, propertiesToModify);
    }

    public static Settlement deadLetter(String reason, String description, Map<String, Object> propertiesToModify) {
        return new Settlement(Kind.DEAD_LETTER, reason, description, propertiesToModify);
    }
}
