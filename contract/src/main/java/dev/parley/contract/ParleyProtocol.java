package dev.parley.contract;

import java.util.Set;

/**
 * The names Parley puts on the wire: Service Bus application properties, the content type, dead-letter reasons
 * and the error codes of a reply. Producers, the worker and tests all use these, so a rename happens in one place.
 */
public final class ParleyProtocol {

    /** Default name of the session-enabled queue that questions are sent to (the worker's name is configurable). */
    public static final String DEFAULT_QUESTION_QUEUE = "parley-questions";

    /** Default name of the queue replies are sent to when the question names none in {@code replyTo}. */
    public static final String DEFAULT_REPLY_QUEUE = "parley-replies";

    /** Content type of every question and reply body. */
    public static final String CONTENT_TYPE_JSON = "application/json";

    /** Application property that carries the contract version of a message. */
    public static final String VERSION_PROPERTY = "parley-version";

    /** Application property that carries the W3C trace context of the producer, if it has one. */
    public static final String TRACEPARENT_PROPERTY = "traceparent";

    /** The version this library writes. */
    public static final String CURRENT_VERSION = "1";

    /** The versions {@link QuestionReader} accepts. */
    public static final Set<String> SUPPORTED_VERSIONS = Set.of(CURRENT_VERSION);

    /** Dead-letter reason for a question that breaks the contract; the description lists the violations. */
    public static final String DEAD_LETTER_INVALID_QUESTION = "InvalidQuestion";

    /** Dead-letter reason for a question the model could not answer within the worker's retry budget. */
    public static final String DEAD_LETTER_MODEL_UNAVAILABLE = "ModelUnavailable";

    /** Service Bus keeps at most this many characters of a dead-letter description. */
    public static final int DEAD_LETTER_DESCRIPTION_MAX_LENGTH = 4_096;

    /** Reply error code: the question broke the contract (status {@code rejected}). */
    public static final String ERROR_INVALID_QUESTION = "invalid_question";

    /** Reply error code: the model stayed throttled or unreachable past the retry budget (status {@code failed}). */
    public static final String ERROR_MODEL_UNAVAILABLE = "model_unavailable";

    /** Reply error code: the model's content filter refused the question or the answer (status {@code rejected}). */
    public static final String ERROR_CONTENT_FILTERED = "content_filtered";

    /** Reply error code: anything else that went wrong inside the worker (status {@code failed}). */
    public static final String ERROR_INTERNAL = "internal_error";

    private ParleyProtocol() {
    }
}
