package dev.parley.emulator.conformance;

import static dev.parley.emulator.conformance.Deliveries.assertNothingToReceive;
import static dev.parley.emulator.conformance.Deliveries.message;
import static dev.parley.emulator.conformance.Deliveries.messageIds;
import static dev.parley.emulator.conformance.Deliveries.peekFirst;
import static dev.parley.emulator.conformance.Deliveries.receive;
import static dev.parley.emulator.conformance.Deliveries.receiveOne;
import static dev.parley.emulator.conformance.Deliveries.uniqueId;
import static dev.parley.emulator.conformance.Deliveries.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusMessageState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Receiving: peek-lock, receive-and-delete, peek, lock renewal and the processor. */
abstract class ReceivingConformance extends BrokerConformance {

    private static final UUID ZERO_UUID = new UUID(0, 0);

    @Test
    void peekLockDeliversEveryPropertyTheSenderSetWithALock() {
        String id = uniqueId("round-trip");
        byte[] body = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        ServiceBusMessage sent = new ServiceBusMessage(BinaryData.fromBytes(body))
            .setMessageId(id)
            .setCorrelationId("correlation-" + id)
            .setContentType("application/json")
            .setSubject("a subject")
            .setReplyTo("reply-queue")
            .setReplyToSessionId("reply-session")
            .setTo("destination")
            .setTimeToLive(Duration.ofMinutes(30));
        Map<String, Object> properties = Map.of(
            "string", "text", "int", 42, "long", 1L << 40, "boolean", true, "double", 2.5);
        sent.getApplicationProperties().putAll(properties);
        OffsetDateTime beforeSend = OffsetDateTime.now().minusSeconds(1);

        clients.sender(TestQueue.RECEIVE_PEEK_LOCK).sendMessage(sent);
        ServiceBusReceivedMessage received = receiveOne(clients.peekLockReceiver(TestQueue.RECEIVE_PEEK_LOCK));

        assertThat(received.getBody().toBytes()).isEqualTo(body);
        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getCorrelationId()).isEqualTo("correlation-" + id);
        assertThat(received.getContentType()).isEqualTo("application/json");
        assertThat(received.getSubject()).isEqualTo("a subject");
        assertThat(received.getReplyTo()).isEqualTo("reply-queue");
        assertThat(received.getReplyToSessionId()).isEqualTo("reply-session");
        assertThat(received.getTo()).isEqualTo("destination");
        assertThat(received.getTimeToLive()).isEqualTo(Duration.ofMinutes(30));
        assertThat(received.getApplicationProperties()).containsExactlyInAnyOrderEntriesOf(properties);
        assertThat(received.getSequenceNumber()).isPositive();
        assertThat(received.getDeliveryCount()).isZero();
        assertThat(received.getState()).isEqualTo(ServiceBusMessageState.ACTIVE);
        assertThat(received.getEnqueuedTime()).isAfter(beforeSend).isBefore(OffsetDateTime.now().plusSeconds(1));
        assertThat(received.getLockToken()).isNotBlank();
        assertThat(UUID.fromString(received.getLockToken())).isNotEqualTo(ZERO_UUID);
        assertThat(received.getLockedUntil()).isAfter(OffsetDateTime.now());
        assertThat(received.getExpiresAt()).isEqualTo(received.getEnqueuedTime().plusMinutes(30));
    }

    @Test
    void sequenceNumbersIncreaseInSendOrder() {
        ServiceBusSenderClient sender = clients.sender(TestQueue.RECEIVE_SEQUENCE);
        List<String> ids = IntStream.range(0, 4).mapToObj(i -> uniqueId("sequence-" + i)).toList();
        ids.forEach(id -> sender.sendMessage(message(id)));

        List<ServiceBusReceivedMessage> received = receive(clients.peekLockReceiver(TestQueue.RECEIVE_SEQUENCE), 4);

        assertThat(messageIds(received)).containsExactlyElementsOf(ids);
        assertThat(received).extracting(ServiceBusReceivedMessage::getSequenceNumber).isSorted().doesNotHaveDuplicates();
        assertThat(received).extracting(ServiceBusReceivedMessage::getEnqueuedTime).isSorted();
        assertThat(received).extracting(ServiceBusReceivedMessage::getLockToken).doesNotHaveDuplicates();
    }

    @Test
    void receiveAndDeleteRemovesTheMessageOnDelivery() {
        String id = uniqueId("receive-and-delete");
        clients.sender(TestQueue.RECEIVE_AND_DELETE).sendMessage(message(id));

        ServiceBusReceivedMessage received = receiveOne(clients.receiveAndDeleteReceiver(TestQueue.RECEIVE_AND_DELETE));

        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getSequenceNumber()).isPositive();
        ServiceBusReceiverClient peekLock = clients.peekLockReceiver(TestQueue.RECEIVE_AND_DELETE);
        assertThat(peekFirst(peekLock)).as("what is left to peek").isNull();
        assertNothingToReceive(peekLock);
    }

    @Test
    void peekShowsMessagesInOrderWithoutLockingOrCountingThem() {
        ServiceBusSenderClient sender = clients.sender(TestQueue.PEEK);
        List<String> ids = IntStream.range(0, 3).mapToObj(i -> uniqueId("peek-" + i)).toList();
        ids.forEach(id -> sender.sendMessage(message(id)));
        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.PEEK);

        List<ServiceBusReceivedMessage> peeked = receiver.peekMessages(3).stream().toList();

        assertThat(messageIds(peeked)).containsExactlyElementsOf(ids);
        assertThat(peeked).extracting(ServiceBusReceivedMessage::getSequenceNumber).isSorted().doesNotHaveDuplicates();
        long second = peeked.get(1).getSequenceNumber();
        assertThat(receiver.peekMessage(second).getMessageId()).as("peek from a sequence number").isEqualTo(ids.get(1));
        assertThat(receiver.peekMessages(3, second).stream().toList())
            .extracting(ServiceBusReceivedMessage::getMessageId).containsExactly(ids.get(1), ids.get(2));

        List<ServiceBusReceivedMessage> received = receive(receiver, 3);
        assertThat(messageIds(received)).as("peeking consumed nothing").containsExactlyElementsOf(ids);
        assertThat(received).extracting(ServiceBusReceivedMessage::getDeliveryCount).containsOnly(0L);
    }

    @Test
    void renewingALockKeepsTheMessageLockedPastItsFirstExpiry() {
        String id = uniqueId("renew");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.RENEW_LOCK, id);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        OffsetDateTime firstLockedUntil = received.getLockedUntil();
        waitUntil(OffsetDateTime.now().plusSeconds(3));

        OffsetDateTime renewedUntil = receiver.renewMessageLock(received);

        assertThat(renewedUntil).isAfter(firstLockedUntil.plusSeconds(2));
        waitUntil(firstLockedUntil.plus(Duration.ofMillis(500)));
        receiver.complete(received);
        assertThat(peekFirst(receiver)).as("what is left after completing").isNull();
    }

    @Test
    void theProcessorReceivesAndCompletesEveryMessage() {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> uniqueId("processor-" + i)).toList();
        ConcurrentLinkedQueue<String> processed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<ServiceBusErrorContext> errors = new ConcurrentLinkedQueue<>();
        ServiceBusProcessorClient processor = clients.processor(TestQueue.PROCESSOR,
            context -> processed.add(context.getMessage().getMessageId()), errors::add);
        processor.start();

        ServiceBusSenderClient sender = clients.sender(TestQueue.PROCESSOR);
        ids.forEach(id -> sender.sendMessage(message(id)));

        await().atMost(Deliveries.ARRIVAL).untilAsserted(() -> assertThat(processed).hasSameSizeAs(ids));
        assertThat(processed).containsExactlyElementsOf(ids);
        ServiceBusReceiverClient peeker = clients.peekLockReceiver(TestQueue.PROCESSOR);
        await().atMost(Deliveries.ARRIVAL).untilAsserted(
            () -> assertThat(peekFirst(peeker)).as("left after auto-complete").isNull());
        assertThat(errors).extracting(ServiceBusErrorContext::getException).isEmpty();
    }
}
