package dev.parley.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** acceptNextSession with no session ready is held open and granted as soon as a session gets a message. */
class NextSessionTest {

    @Test
    void aHeldAcceptNextSessionGetsTheFirstSessionThatArrives() throws Exception {
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder("chats").requiresSession(true).build()).build().start();
             ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("chats")
                     .buildClient();
             ServiceBusSessionReceiverClient sessions = Sdk.client(emulator.connectionString()).sessionReceiver()
                     .queueName("chats").buildClient()) {
            CompletableFuture<ServiceBusReceiverClient> accepted = CompletableFuture.supplyAsync(
                    sessions::acceptNextSession);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !accepted.isDone());

            sender.sendMessage(new ServiceBusMessage("hello").setSessionId("late-conversation"));

            try (ServiceBusReceiverClient session = accepted.get(9, TimeUnit.SECONDS)) {
                assertThat(session.getSessionId()).isEqualTo("late-conversation");
                ServiceBusReceivedMessage m = Sdk.receive(session, 1, Duration.ofSeconds(5)).get(0);
                assertThat(m.getBody().toString()).isEqualTo("hello");
                assertThat(m.getLockedUntil()).isAfter(java.time.OffsetDateTime.now());
                session.complete(m);
            }
        }
    }
}
