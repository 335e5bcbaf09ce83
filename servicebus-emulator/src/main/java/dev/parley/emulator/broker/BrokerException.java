package dev.parley.emulator.broker;

/** A request the broker refuses, carrying the Service Bus AMQP error condition the client understands. */
public final class BrokerException extends RuntimeException {
    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** AMQP error conditions, with the management status code used for each. */
    public enum ErrorCode {
        NOT_FOUND("amqp:not-found", 404),
        MESSAGE_LOCK_LOST("com.microsoft:message-lock-lost", 410),
        SESSION_LOCK_LOST("com.microsoft:session-lock-lost", 410),
        SESSION_CANNOT_BE_LOCKED("com.microsoft:session-cannot-be-locked", 409),
        MESSAGE_NOT_FOUND("com.microsoft:message-not-found", 404),
        SESSION_NOT_FOUND("com.microsoft:session-not-found", 404),
        NOT_ALLOWED("amqp:not-allowed", 400),
        INVALID_FIELD("amqp:invalid-field", 400),
        DECODE_ERROR("amqp:decode-error", 400),
        NOT_IMPLEMENTED("amqp:not-implemented", 501),
        TRANSACTION_UNKNOWN("amqp:transaction:unknown-id", 404),
        TIMEOUT("com.microsoft:timeout", 408);

        private final String condition;
        private final int status;

        ErrorCode(String condition, int status) {
            this.condition = condition;
            this.status = status;
        }

        public String condition() {
            return condition;
        }

        public int status() {
            return status;
        }
    }
}
