package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.BrokerException;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/** AMQP error conditions built from broker refusals. */
final class Conditions {
    static final String DECODE_ERROR = "amqp:decode-error";
    static final String NOT_IMPLEMENTED = "amqp:not-implemented";
    static final String TIMEOUT = "com.microsoft:timeout";
    static final String SESSION_LOCK_LOST = "com.microsoft:session-lock-lost";

    private Conditions() {
    }

    static ErrorCondition of(String condition, String description) {
        return new ErrorCondition(Symbol.valueOf(condition), description);
    }

    static ErrorCondition of(BrokerException e) {
        return of(e.code().condition(), e.getMessage());
    }

    static Rejected rejected(ErrorCondition condition) {
        Rejected r = new Rejected();
        r.setError(condition);
        return r;
    }
}
