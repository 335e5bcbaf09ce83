package dev.parley.contract;

/**
 * Stable names for the ways a question can break the contract. They appear in dead-letter descriptions and in
 * rejected replies, so they are never renamed; new ones may be added.
 */
public enum ViolationCode {
    /** No {@code messageId}. */
    MESSAGE_ID_MISSING,
    /** {@code messageId} longer than {@link QuestionLimits#MESSAGE_ID_MAX_LENGTH}. */
    MESSAGE_ID_TOO_LONG,
    /** No {@code sessionId} (the conversation id). */
    SESSION_ID_MISSING,
    /** {@code sessionId} longer than {@link QuestionLimits#SESSION_ID_MAX_LENGTH}. */
    SESSION_ID_TOO_LONG,
    /** {@code replyTo} longer than {@link QuestionLimits#REPLY_TO_MAX_LENGTH}. */
    REPLY_TO_TOO_LONG,
    /** {@code replyToSessionId} longer than {@link QuestionLimits#REPLY_TO_SESSION_ID_MAX_LENGTH}. */
    REPLY_TO_SESSION_ID_TOO_LONG,
    /** {@code contentType} present but not {@code application/json}. */
    CONTENT_TYPE_UNSUPPORTED,
    /** No {@value ParleyProtocol#VERSION_PROPERTY} application property. */
    VERSION_MISSING,
    /** A {@value ParleyProtocol#VERSION_PROPERTY} this reader does not support. */
    VERSION_UNSUPPORTED,
    /** A {@value ParleyProtocol#TRACEPARENT_PROPERTY} application property that is not W3C trace context. */
    TRACEPARENT_INVALID,
    /** A body larger than {@link QuestionLimits#BODY_MAX_BYTES}; it is not parsed. */
    BODY_TOO_LARGE,
    /** A body that is empty, not UTF-8, or not one JSON value (also: duplicate keys, trailing data). */
    BODY_NOT_JSON,
    /** A body that is JSON but not a JSON object. */
    BODY_NOT_OBJECT,
    /** No {@code text}, or {@code text} is null. */
    TEXT_MISSING,
    /** {@code text} is empty or only whitespace. */
    TEXT_BLANK,
    /** {@code text} longer than {@link QuestionLimits#TEXT_MAX_LENGTH} code points. */
    TEXT_TOO_LONG,
    /** {@code user} is not an object, or its {@code id} or {@code displayName} is not a string or too long. */
    USER_INVALID,
    /** {@code channel} is not a JSON object. */
    CHANNEL_NOT_OBJECT,
    /** {@code command} is not one of the known commands. */
    COMMAND_UNKNOWN,
    /** A known field has the wrong JSON type (e.g. {@code text} is a number). */
    FIELD_INVALID
}
