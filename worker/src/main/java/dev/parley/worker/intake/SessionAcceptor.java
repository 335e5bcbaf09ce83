package dev.parley.worker.intake;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import java.util.concurrent.TimeoutException;

/** Takes the next conversation nobody holds; waits up to the SDK's try timeout for one. */
final class SessionAcceptor {

    private final ServiceBusSessionReceiverClient sessions;

    SessionAcceptor(ServiceBusSessionReceiverClient sessions) {
        this.sessions = sessions;
    }

    /** The next free session, or {@code null} when the broker had none in time. */
    HeldSession acceptNext() {
        try {
            return new HeldSession(sessions.acceptNextSession());
        } catch (RuntimeException e) {
            if (isNoSessionAvailable(e)) {
                return null;
            }
            throw e;
        }
    }

    /** The broker's {@code com.microsoft:timeout} (or the client's own timeout): no session was free. */
    static boolean isNoSessionAvailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof AmqpException amqp && amqp.getErrorCondition() == AmqpErrorCondition.TIMEOUT_ERROR) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("com.microsoft:timeout")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
