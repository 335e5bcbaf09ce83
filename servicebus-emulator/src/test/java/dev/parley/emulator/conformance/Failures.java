package dev.parley.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SDK surfaced when an operation failed. The SDK wraps the broker's AMQP error differently
 * per operation (a {@link ServiceBusException} with a reason, or an {@link AmqpException} with the
 * condition), so tests look through the whole cause chain.
 */
final class Failures {

    private Failures() {
    }

    /** Asserts the failure carries the broker's {@code condition}, as an AMQP condition or the SDK's reason. */
    static void assertFailedWith(Throwable failure, AmqpErrorCondition condition, ServiceBusFailureReason reason) {
        assertThat(causes(failure))
            .as("what the SDK reported, cause by cause")
            .anyMatch(cause -> cause.contains(condition.getErrorCondition()) || cause.contains("reason=" + reason));
    }

    static List<String> causes(Throwable failure) {
        List<String> causes = new ArrayList<>();
        for (Throwable t = failure; t != null && causes.size() < 20; t = t.getCause()) {
            StringBuilder cause = new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t instanceof AmqpException amqp && amqp.getErrorCondition() != null) {
                cause.append(" condition=").append(amqp.getErrorCondition().getErrorCondition());
            }
            if (t instanceof ServiceBusException serviceBus) {
                cause.append(" reason=").append(serviceBus.getReason());
            }
            causes.add(cause.toString());
        }
        return causes;
    }
}
