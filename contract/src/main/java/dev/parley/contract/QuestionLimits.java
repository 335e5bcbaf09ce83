package dev.parley.contract;

/**
 * The limits {@link QuestionReader} enforces. The JSON Schema files state the same numbers, and a test keeps the two
 * equal.
 *
 * <p>Service Bus identifiers are counted in UTF-16 characters, as Service Bus counts them. {@code text} and the
 * {@code user} strings are counted in Unicode code points, as JSON Schema's {@code maxLength} counts them, so that
 * an emoji counts as one character.
 */
public final class QuestionLimits {

    /** Longest {@code messageId}, in characters (the Service Bus limit). */
    public static final int MESSAGE_ID_MAX_LENGTH = 128;

    /** Longest {@code sessionId} (the conversation id), in characters (the Service Bus limit). */
    public static final int SESSION_ID_MAX_LENGTH = 128;

    /** Longest {@code replyToSessionId}, in characters (it becomes the reply's session id). */
    public static final int REPLY_TO_SESSION_ID_MAX_LENGTH = 128;

    /** Longest {@code replyTo} (a queue name or path), in characters (the Service Bus entity path limit). */
    public static final int REPLY_TO_MAX_LENGTH = 260;

    /** Largest body, in raw bytes, checked before the body is parsed. */
    public static final int BODY_MAX_BYTES = 64 * 1024;

    /** Longest {@code text}, in Unicode code points. */
    public static final int TEXT_MAX_LENGTH = 8_000;

    /** Longest {@code user.id}, in Unicode code points. */
    public static final int USER_ID_MAX_LENGTH = 128;

    /** Longest {@code user.displayName}, in Unicode code points. */
    public static final int USER_DISPLAY_NAME_MAX_LENGTH = 256;

    private QuestionLimits() {
    }
}
