package dev.parley.emulator.sdk;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** SDK client helpers for the emulator's own tests: short try timeouts so failures show fast. */
final class Sdk {
    private Sdk() {
    }

    static ServiceBusClientBuilder client(String connectionString) {
        return new ServiceBusClientBuilder()
                .connectionString(connectionString)
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(10)));
    }

    /** Receives until {@code count} messages arrived or {@code within} passed. */
    static List<ServiceBusReceivedMessage> receive(ServiceBusReceiverClient receiver, int count, Duration within) {
        List<ServiceBusReceivedMessage> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
            receiver.receiveMessages(count - out.size(), left).forEach(out::add);
        }
        return out;
    }
}
