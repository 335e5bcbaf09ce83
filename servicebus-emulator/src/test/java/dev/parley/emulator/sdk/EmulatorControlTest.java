package dev.parley.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import dev.parley.emulator.EmulatedMessage;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test hooks other modules use: inspect, stop/restart keeping state, drop connections, stall deliveries. */
class EmulatorControlTest {
    private ServiceBusEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder("jobs").lockDuration(Duration.ofSeconds(30)).build())
                .queue(QueueOptions.builder("chats").requiresSession(true).build())
                .build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void inspectionShowsActiveScheduledAndDeadLetteredMessagesWithTheirProperties() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs")
                .buildClient();
             ServiceBusReceiverClient receiver = Sdk.client(emulator.connectionString()).receiver().queueName("jobs")
                     .buildClient()) {
            ServiceBusMessage message = new ServiceBusMessage("{\"n\":1}").setMessageId("bad")
                    .setSessionId("conv-1").setCorrelationId("corr").setReplyTo("replies")
                    .setReplyToSessionId("conv-9").setSubject("q").setContentType("application/json");
            message.getApplicationProperties().put("parley-version", 1);
            sender.sendMessage(message);
            sender.scheduleMessage(new ServiceBusMessage("later").setMessageId("later"),
                    OffsetDateTime.now().plusHours(1));

            List<EmulatedMessage> active = emulator.queue("jobs").activeMessages();
            assertThat(active).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo("bad");
                assertThat(m.sessionId()).isEqualTo("conv-1");
                assertThat(m.correlationId()).isEqualTo("corr");
                assertThat(m.replyTo()).isEqualTo("replies");
                assertThat(m.replyToSessionId()).isEqualTo("conv-9");
                assertThat(m.subject()).isEqualTo("q");
                assertThat(m.contentType()).isEqualTo("application/json");
                assertThat(m.bodyAsString()).isEqualTo("{\"n\":1}");
                assertThat(m.applicationProperties()).containsEntry("parley-version", 1);
                assertThat(m.sequenceNumber()).isEqualTo(1L);
                assertThat(m.deliveryCount()).isZero();
            });
            assertThat(emulator.queue("jobs").scheduledMessages()).extracting(EmulatedMessage::messageId)
                    .containsExactly("later");

            ServiceBusReceivedMessage received = Sdk.receive(receiver, 1, Duration.ofSeconds(10)).get(0);
            receiver.deadLetter(received, new DeadLetterOptions().setDeadLetterReason("BODY_NOT_JSON")
                    .setDeadLetterErrorDescription("unreadable"));

            assertThat(emulator.queue("jobs").activeMessages()).isEmpty();
            assertThat(emulator.queue("jobs").deadLetters()).singleElement().satisfies(m -> {
                assertThat(m.messageId()).isEqualTo("bad");
                assertThat(m.deadLetterReason()).isEqualTo("BODY_NOT_JSON");
                assertThat(m.deadLetterDescription()).isEqualTo("unreadable");
                assertThat(m.deliveryCount()).isEqualTo(1);
            });
        }
    }

    @Test
    void anUnknownQueueIsAnIllegalArgument() {
        assertThatThrownBy(() -> emulator.queue("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void sessionStateIsVisibleToTests() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("chats")
                .buildClient();
             ServiceBusSessionReceiverClient sessions = Sdk.client(emulator.connectionString()).sessionReceiver()
                     .queueName("chats").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("hi").setSessionId("conv-1"));
            try (ServiceBusReceiverClient session = sessions.acceptSession("conv-1")) {
                session.setSessionState("turn=2".getBytes(StandardCharsets.UTF_8));
            }
        }

        assertThat(emulator.queue("chats").sessionState("conv-1"))
                .hasValueSatisfying(s -> assertThat(new String(s, StandardCharsets.UTF_8)).isEqualTo("turn=2"));
        assertThat(emulator.queue("chats").sessionState("conv-2")).isEmpty();
    }

    @Test
    void restartKeepsTheQueuesAndTheSdkReconnects() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs")
                .buildClient()) {
            sender.sendMessage(new ServiceBusMessage("before").setMessageId("before"));
            int port = emulator.port();

            emulator.restart();
            sender.sendMessage(new ServiceBusMessage("after").setMessageId("after"));

            assertThat(emulator.port()).isEqualTo(port);
            assertThat(emulator.queue("jobs").activeMessages()).extracting(EmulatedMessage::messageId)
                    .containsExactly("before", "after");
        }
    }

    @Test
    void stopRefusesConnectionsButKeepsState() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs")
                .buildClient()) {
            sender.sendMessage(new ServiceBusMessage("kept").setMessageId("kept"));

            emulator.stop();

            assertThat(emulator.connectionCount()).isZero();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", emulator.port()).close())
                    .isInstanceOf(java.io.IOException.class);
            assertThat(emulator.queue("jobs").activeMessages()).extracting(EmulatedMessage::messageId)
                    .containsExactly("kept");
        }
    }

    @Test
    void droppedConnectionsAreReestablishedBySdkClients() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs")
                .buildClient();
             ServiceBusReceiverClient receiver = Sdk.client(emulator.connectionString()).receiver().queueName("jobs")
                     .buildClient()) {
            sender.sendMessage(new ServiceBusMessage("one").setMessageId("one"));
            receiver.complete(Sdk.receive(receiver, 1, Duration.ofSeconds(10)).get(0));
            assertThat(emulator.connectionCount()).isEqualTo(2);

            emulator.dropAllConnections();
            assertThat(emulator.connectionCount()).isZero();
            sender.sendMessage(new ServiceBusMessage("two").setMessageId("two"));

            List<ServiceBusReceivedMessage> after = Sdk.receive(receiver, 1, Duration.ofSeconds(20));
            assertThat(after).extracting(ServiceBusReceivedMessage::getMessageId).containsExactly("two");
            await().atMost(Duration.ofSeconds(5)).until(() -> emulator.connectionCount() == 2);
        }
    }

    @Test
    void stalledDeliveriesArriveOnlyAfterTheStall() {
        try (ServiceBusSenderClient sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs")
                .buildClient();
             ServiceBusReceiverClient receiver = Sdk.client(emulator.connectionString()).receiver().queueName("jobs")
                     .buildClient()) {
            emulator.stallDeliveries(Duration.ofSeconds(3));
            long stalledAt = System.nanoTime();
            sender.sendMessage(new ServiceBusMessage("slow").setMessageId("slow"));

            List<ServiceBusReceivedMessage> received = Sdk.receive(receiver, 1, Duration.ofSeconds(15));

            assertThat(received).extracting(ServiceBusReceivedMessage::getMessageId).containsExactly("slow");
            assertThat(Duration.ofNanos(System.nanoTime() - stalledAt)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        }
    }
}
