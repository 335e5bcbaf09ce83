package dev.parley.emulator.conformance;

import static dev.parley.emulator.conformance.Deliveries.peekFirst;
import static dev.parley.emulator.conformance.Deliveries.sessionMessage;
import static dev.parley.emulator.conformance.Deliveries.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.spring.cloud.autoconfigure.implementation.context.AzureGlobalPropertiesAutoConfiguration;
import com.azure.spring.cloud.autoconfigure.implementation.servicebus.AzureServiceBusAutoConfiguration;
import com.azure.spring.cloud.service.servicebus.consumer.ServiceBusErrorHandler;
import com.azure.spring.cloud.service.servicebus.consumer.ServiceBusRecordMessageListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The session processor exactly as Spring Cloud Azure builds it from properties: the auto-configured
 * {@link ServiceBusProcessorClient}, started by its lifecycle manager, with a listener and error handler bean.
 */
abstract class SpringSessionProcessorConformance extends BrokerConformance {

    @Test
    void theAutoConfiguredSessionProcessorReceivesEverySessionInOrder() {
        List<String> sessions = List.of(uniqueId("spring-a"), uniqueId("spring-b"));
        Map<String, List<String>> receivedBySession = new ConcurrentHashMap<>();
        ServiceBusRecordMessageListener listener = context -> {
            ServiceBusReceivedMessage message = context.getMessage();
            receivedBySession.computeIfAbsent(message.getSessionId(), s -> new CopyOnWriteArrayList<>())
                .add(message.getMessageId());
        };
        ServiceBusErrorHandler errorHandler = error -> { };

        contextRunner(listener, errorHandler).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ServiceBusProcessorClient.class);
            ServiceBusProcessorClient processor = context.getBean(ServiceBusProcessorClient.class);
            await().atMost(Deliveries.ARRIVAL).until(processor::isRunning);

            ServiceBusSenderClient sender = clients.sender(TestQueue.SPRING_SESSIONS);
            Map<String, List<String>> sent = new ConcurrentHashMap<>();
            for (String session : sessions) {
                List<String> ids = IntStream.range(0, 3).mapToObj(i -> uniqueId(session + "-" + i)).toList();
                ids.forEach(id -> sender.sendMessage(sessionMessage(session, id)));
                sent.put(session, ids);
            }

            await().atMost(Deliveries.ARRIVAL).untilAsserted(
                () -> assertThat(receivedBySession).containsExactlyInAnyOrderEntriesOf(sent));
            ServiceBusReceiverClient peeker = clients.peekLockReceiver(TestQueue.SPRING_SESSIONS);
            await().atMost(Deliveries.ARRIVAL).untilAsserted(
                () -> assertThat(peekFirst(peeker)).as("left after the processor completed").isNull());
        });
    }

    private ApplicationContextRunner contextRunner(ServiceBusRecordMessageListener listener,
                                                   ServiceBusErrorHandler errorHandler) {
        return new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                AzureGlobalPropertiesAutoConfiguration.class, AzureServiceBusAutoConfiguration.class))
            .withBean(ServiceBusRecordMessageListener.class, () -> listener)
            .withBean(ServiceBusErrorHandler.class, () -> errorHandler)
            .withPropertyValues(
                "spring.cloud.azure.servicebus.connection-string=" + broker.connectionString(),
                "spring.cloud.azure.servicebus.retry.try-timeout=5s",
                "spring.cloud.azure.servicebus.processor.entity-name=" + broker.queue(TestQueue.SPRING_SESSIONS),
                "spring.cloud.azure.servicebus.processor.entity-type=queue",
                "spring.cloud.azure.servicebus.processor.session-enabled=true",
                "spring.cloud.azure.servicebus.processor.max-concurrent-sessions=2",
                "spring.cloud.azure.servicebus.processor.session-idle-timeout=2s");
    }
}
