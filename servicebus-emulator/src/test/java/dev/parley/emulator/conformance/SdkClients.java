package dev.parley.emulator.conformance;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The SDK clients one test uses, built through the public {@link ServiceBusClientBuilder} on one AMQP
 * connection, and closed together when the test ends. Lock auto-renewal is off, so tests decide
 * when locks are renewed or expire.
 */
final class SdkClients implements AutoCloseable {

    /** Short, so a broker that never answers fails a test in seconds rather than a minute. */
    static final Duration TRY_TIMEOUT = Duration.ofSeconds(5);

    private final ConformanceBroker broker;
    private final ServiceBusClientBuilder builder;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();

    private SdkClients(ConformanceBroker broker, Duration tryTimeout, boolean crossEntityTransactions) {
        this.broker = broker;
        this.builder = new ServiceBusClientBuilder()
            .connectionString(broker.connectionString())
            .retryOptions(new AmqpRetryOptions()
                .setMode(AmqpRetryMode.FIXED)
                .setMaxRetries(1)
                .setDelay(Duration.ofMillis(200))
                .setTryTimeout(tryTimeout));
        if (crossEntityTransactions) {
            builder.enableCrossEntityTransactions();
        }
    }

    static SdkClients connect(ConformanceBroker broker) {
        return new SdkClients(broker, TRY_TIMEOUT, false);
    }

    /** Clients on a second AMQP connection (a different client process, as the broker sees it). */
    SdkClients anotherConnection() {
        return track(new SdkClients(broker, TRY_TIMEOUT, false));
    }

    /** Clients on a second connection whose operations time out after {@code tryTimeout}. */
    SdkClients anotherConnection(Duration tryTimeout) {
        return track(new SdkClients(broker, tryTimeout, false));
    }

    /** Clients on a second connection built with {@code enableCrossEntityTransactions()}. */
    SdkClients crossEntityConnection() {
        return track(new SdkClients(broker, TRY_TIMEOUT, true));
    }

    String queueName(TestQueue queue) {
        return broker.queue(queue);
    }

    ServiceBusSenderClient sender(TestQueue queue) {
        return sender(queueName(queue));
    }

    ServiceBusSenderClient sender(String entityName) {
        return track(builder.sender().queueName(entityName).buildClient());
    }

    ServiceBusReceiverClient peekLockReceiver(TestQueue queue) {
        return track(receiverBuilder(queue).buildClient());
    }

    ServiceBusReceiverClient receiveAndDeleteReceiver(TestQueue queue) {
        return track(receiverBuilder(queue).receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient());
    }

    ServiceBusReceiverClient deadLetterReceiver(TestQueue queue) {
        return track(receiverBuilder(queue).subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient());
    }

    ServiceBusReceiverClient peekLockReceiver(String entityName) {
        return track(builder.receiver().queueName(entityName).maxAutoLockRenewDuration(Duration.ZERO).buildClient());
    }

    ServiceBusSessionReceiverClient sessionReceiver(TestQueue queue) {
        return track(builder.sessionReceiver()
            .queueName(queueName(queue))
            .maxAutoLockRenewDuration(Duration.ZERO)
            .buildClient());
    }

    /** A receiver holding the lock on {@code sessionId}, closed with this test's clients. */
    ServiceBusReceiverClient acceptSession(TestQueue queue, String sessionId) {
        return track(sessionReceiver(queue).acceptSession(sessionId));
    }

    /** A peek-lock processor that completes each message after {@code onMessage} returns. */
    ServiceBusProcessorClient processor(TestQueue queue, Consumer<ServiceBusReceivedMessageContext> onMessage,
                                        Consumer<ServiceBusErrorContext> onError) {
        return track(builder.processor()
            .queueName(queueName(queue))
            .processMessage(onMessage)
            .processError(onError)
            .buildProcessorClient());
    }

    /** Closes {@code resource} with the rest of this test's clients, newest first. */
    <T extends AutoCloseable> T track(T resource) {
        opened.push(resource);
        return resource;
    }

    private ServiceBusClientBuilder.ServiceBusReceiverClientBuilder receiverBuilder(TestQueue queue) {
        return builder.receiver().queueName(queueName(queue)).maxAutoLockRenewDuration(Duration.ZERO);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing an SDK client failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
