package dev.parley.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SessionAcceptorTest {

    @Test
    void theBrokersTimeoutMeansNoSessionWasFree() {
        // What the sync acceptNextSession throws in 7.17.x when the broker answers com.microsoft:timeout.
        Throwable brokerTimeout = new IllegalStateException("Timeout on blocking read",
                new TimeoutException("com.microsoft:timeout"));
        assertThat(SessionAcceptor.isNoSessionAvailable(brokerTimeout)).isTrue();
        assertThat(SessionAcceptor.isNoSessionAvailable(new AmqpException(true, AmqpErrorCondition.TIMEOUT_ERROR,
                "timed out", new AmqpErrorContext("ns")))).isTrue();
    }

    @Test
    void otherFailuresAreNotMistakenForIdle() {
        assertThat(SessionAcceptor.isNoSessionAvailable(new AmqpException(false, AmqpErrorCondition.NOT_FOUND,
                "queue not found", new AmqpErrorContext("ns")))).isFalse();
        assertThat(SessionAcceptor.isNoSessionAvailable(new IllegalStateException("connection refused"))).isFalse();
    }
}
