package dev.parley.emulator.conformance;

import static dev.parley.emulator.conformance.Deliveries.assertNothingToReceive;
import static dev.parley.emulator.conformance.Deliveries.message;
import static dev.parley.emulator.conformance.Deliveries.messageIds;
import static dev.parley.emulator.conformance.Deliveries.peekFirst;
import static dev.parley.emulator.conformance.Deliveries.receive;
import static dev.parley.emulator.conformance.Deliveries.receiveOne;
import static dev.parley.emulator.conformance.Deliveries.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusMessageState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sending: single, batched, scheduled, cancelled, and to a queue that does not exist. */
abstract class SendingConformance extends BrokerConformance {

    /** Scheduled times are stored with millisecond precision. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(200);

    /** Long enough that a slow machine still checks "not yet delivered" well before the scheduled time. */
    private static final Duration SCHEDULE_DELAY = Duration.ofSeconds(4);

    @Test
    void aSingleMessageArrivesWithItsBody() {
        String id = uniqueId("single");
        clients.sender(TestQueue.SEND_SINGLE).sendMessage(message(id));

        ServiceBusReceivedMessage received = receiveOne(clients.peekLockReceiver(TestQueue.SEND_SINGLE));

        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getBody().toString()).isEqualTo("body of " + id);
    }

    @Test
    void aBatchArrivesAsSeparateMessagesInSendOrder() {
        ServiceBusSenderClient sender = clients.sender(TestQueue.SEND_BATCH);
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> uniqueId("batch-" + i)).toList();
        ServiceBusMessageBatch batch = sender.createMessageBatch();
        ids.forEach(id -> assertThat(batch.tryAddMessage(message(id))).as("room in the batch for %s", id).isTrue());

        sender.sendMessages(batch);

        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.SEND_BATCH);
        List<ServiceBusReceivedMessage> received = receive(receiver, ids.size());
        assertThat(messageIds(received)).containsExactlyElementsOf(ids);
        assertThat(received).extracting(m -> m.getBody().toString())
            .containsExactlyElementsOf(ids.stream().map(id -> "body of " + id).toList());
        assertNothingToReceive(receiver);
    }

    @Test
    void aMessageSpanningManyFramesArrivesIntact() {
        String id = uniqueId("large");
        byte[] body = new byte[200 * 1024];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i % 251);
        }

        clients.sender(TestQueue.SEND_LARGE).sendMessage(new ServiceBusMessage(BinaryData.fromBytes(body)).setMessageId(id));

        ServiceBusReceivedMessage received = receiveOne(clients.peekLockReceiver(TestQueue.SEND_LARGE));
        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getBody().toBytes()).isEqualTo(body);
    }

    @Test
    void scheduleMessageHoldsTheMessageUntilItsTime() {
        String id = uniqueId("scheduled");
        OffsetDateTime at = OffsetDateTime.now().plus(SCHEDULE_DELAY).truncatedTo(ChronoUnit.MILLIS);

        Long sequenceNumber = clients.sender(TestQueue.SCHEDULE).scheduleMessage(message(id), at);

        assertThat(sequenceNumber).as("sequence number of the scheduled message").isPositive();
        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.SCHEDULE);
        assertNothingToReceive(receiver);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getSequenceNumber()).isEqualTo(sequenceNumber);
        assertThat(received.getScheduledEnqueueTime()).isEqualTo(at);
        assertThat(OffsetDateTime.now()).as("delivered no earlier than scheduled").isAfter(at.minus(CLOCK_TOLERANCE));
    }

    @Test
    void aScheduledEnqueueTimeOnAnOrdinarySendDefersTheMessage() {
        String id = uniqueId("scheduled-annotation");
        OffsetDateTime at = OffsetDateTime.now().plus(SCHEDULE_DELAY).truncatedTo(ChronoUnit.MILLIS);

        clients.sender(TestQueue.SCHEDULE_ANNOTATION).sendMessage(message(id).setScheduledEnqueueTime(at));

        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.SCHEDULE_ANNOTATION);
        assertNothingToReceive(receiver);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getScheduledEnqueueTime()).isEqualTo(at);
        assertThat(OffsetDateTime.now()).as("delivered no earlier than scheduled").isAfter(at.minus(CLOCK_TOLERANCE));
    }

    @Test
    void peekShowsAScheduledMessageBeforeItIsDue() {
        String id = uniqueId("scheduled-peek");
        OffsetDateTime at = OffsetDateTime.now().plusMinutes(10).truncatedTo(ChronoUnit.MILLIS);
        ServiceBusSenderClient sender = clients.sender(TestQueue.SCHEDULE_PEEK);
        long sequenceNumber = sender.scheduleMessage(message(id), at);

        ServiceBusReceivedMessage peeked = peekFirst(clients.peekLockReceiver(TestQueue.SCHEDULE_PEEK));

        assertThat(peeked.getMessageId()).isEqualTo(id);
        assertThat(peeked.getSequenceNumber()).isEqualTo(sequenceNumber);
        assertThat(peeked.getState()).isEqualTo(ServiceBusMessageState.SCHEDULED);
        assertThat(peeked.getScheduledEnqueueTime()).isEqualTo(at);
        sender.cancelScheduledMessage(sequenceNumber);
    }

    @Test
    void aCancelledScheduledMessageIsNeverDelivered() {
        ServiceBusSenderClient sender = clients.sender(TestQueue.SCHEDULE_CANCEL);
        String cancelled = uniqueId("cancelled");
        String kept = uniqueId("kept");
        OffsetDateTime now = OffsetDateTime.now();
        // The kept message is due after the cancelled one, so receiving it proves the other's time has passed.
        long cancelledSequence = sender.scheduleMessage(message(cancelled), now.plusSeconds(2));
        sender.scheduleMessage(message(kept), now.plusSeconds(3));

        sender.cancelScheduledMessage(cancelledSequence);

        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.SCHEDULE_CANCEL);
        assertThat(receiveOne(receiver).getMessageId()).isEqualTo(kept);
        assertNothingToReceive(receiver);
    }

    @Test
    void sendingToAnUnknownQueueFailsWithEntityNotFound() {
        ServiceBusSenderClient sender = clients.sender("no-such-queue");

        assertThatThrownBy(() -> sender.sendMessage(message(uniqueId("lost"))))
            .satisfies(failure -> Failures.assertFailedWith(failure,
                AmqpErrorCondition.NOT_FOUND, ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND));
    }

    @Test
    void receivingFromAnUnknownQueueFailsWithEntityNotFound() {
        ServiceBusReceiverClient receiver = clients.peekLockReceiver("no-such-queue");

        assertThatThrownBy(() -> receiver.receiveMessages(1, Duration.ofSeconds(3)).stream().toList())
            .satisfies(failure -> Failures.assertFailedWith(failure,
                AmqpErrorCondition.NOT_FOUND, ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND));
    }

    @Test
    void theConnectionKeepsWorkingAfterAnUnknownQueueIsRefused() {
        assertThatThrownBy(() -> clients.sender("no-such-queue").sendMessage(message(uniqueId("lost"))));
        String id = uniqueId("after-error");

        clients.sender(TestQueue.SEND_AFTER_ERROR).sendMessage(message(id));

        assertThat(receiveOne(clients.peekLockReceiver(TestQueue.SEND_AFTER_ERROR)).getMessageId()).isEqualTo(id);
    }
}
