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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.AbandonOptions;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusMessageState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settlement and what the broker does on its own: lock expiry, MaxDeliveryCount, TTL, duplicates. */
abstract class SettlementConformance extends BrokerConformance {

    @Test
    void aCompletedMessageIsGone() {
        String id = uniqueId("complete");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_COMPLETE, id);

        receiver.complete(receiveOne(receiver));

        assertThat(peekFirst(receiver)).as("what is left after completing").isNull();
        assertNothingToReceive(receiver);
    }

    @Test
    void anAbandonedMessageIsRedeliveredWithItsDeliveryCountIncreased() {
        String id = uniqueId("abandon");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_ABANDON, id);
        ServiceBusReceivedMessage first = receiveOne(receiver);

        receiver.abandon(first);

        ServiceBusReceivedMessage again = receiveOne(receiver);
        assertThat(again.getMessageId()).isEqualTo(id);
        assertThat(again.getSequenceNumber()).isEqualTo(first.getSequenceNumber());
        assertThat(again.getDeliveryCount()).isEqualTo(first.getDeliveryCount() + 1);
        assertThat(again.getLockToken()).isNotEqualTo(first.getLockToken());
        receiver.complete(again);
    }

    @Test
    void abandonAppliesThePropertiesToModify() {
        String id = uniqueId("abandon-modify");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_ABANDON_MODIFY, id);

        receiver.abandon(receiveOne(receiver),
            new AbandonOptions().setPropertiesToModify(Map.of("last-error", "model timed out")));

        ServiceBusReceivedMessage again = receiveOne(receiver);
        assertThat(again.getMessageId()).isEqualTo(id);
        assertThat(again.getApplicationProperties()).containsEntry("last-error", "model timed out");
        receiver.complete(again);
    }

    @Test
    void aDeferredMessageIsOnlyReceivedBySequenceNumber() {
        String id = uniqueId("defer");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_DEFER, id);
        ServiceBusReceivedMessage received = receiveOne(receiver);

        receiver.defer(received);

        assertNothingToReceive(receiver);
        ServiceBusReceivedMessage deferred = receiver.receiveDeferredMessage(received.getSequenceNumber());
        assertThat(deferred.getMessageId()).isEqualTo(id);
        assertThat(deferred.getState()).isEqualTo(ServiceBusMessageState.DEFERRED);
        assertThat(deferred.getLockToken()).isNotBlank();
        receiver.complete(deferred);
        assertThat(peekFirst(receiver)).as("what is left after completing the deferred message").isNull();
    }

    @Test
    void peekShowsADeferredMessageAsDeferred() {
        String id = uniqueId("defer-peek");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_DEFER_PEEK, id);
        ServiceBusReceivedMessage received = receiveOne(receiver);

        receiver.defer(received);

        ServiceBusReceivedMessage peeked = peekFirst(receiver);
        assertThat(peeked.getMessageId()).isEqualTo(id);
        assertThat(peeked.getState()).isEqualTo(ServiceBusMessageState.DEFERRED);
        receiver.complete(receiver.receiveDeferredMessage(received.getSequenceNumber()));
    }

    @Test
    void aDeadLetteredMessageCarriesItsReasonAndDescriptionToTheDeadLetterQueue() {
        String id = uniqueId("dead-letter");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.SETTLE_DEAD_LETTER, id);

        receiver.deadLetter(receiveOne(receiver), new DeadLetterOptions()
            .setDeadLetterReason("QuestionInvalid")
            .setDeadLetterErrorDescription("text is missing"));

        assertNothingToReceive(receiver);
        ServiceBusReceiverClient deadLetters = clients.deadLetterReceiver(TestQueue.SETTLE_DEAD_LETTER);
        ServiceBusReceivedMessage dead = receiveOne(deadLetters);
        assertThat(dead.getMessageId()).isEqualTo(id);
        assertThat(dead.getBody().toString()).isEqualTo("body of " + id);
        assertThat(dead.getDeadLetterReason()).isEqualTo("QuestionInvalid");
        assertThat(dead.getDeadLetterErrorDescription()).isEqualTo("text is missing");
        deadLetters.complete(dead);
        assertNothingToReceive(deadLetters);
    }

    @Test
    void anExpiredLockMakesTheMessageAvailableAgain() {
        String id = uniqueId("lock-expiry");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.LOCK_EXPIRY, id);
        ServiceBusReceivedMessage first = receiveOne(receiver);

        // Not settled: after LockDuration the broker hands it out again.
        ServiceBusReceivedMessage again = receiveOne(receiver);

        assertThat(again.getMessageId()).isEqualTo(id);
        assertThat(again.getDeliveryCount()).isEqualTo(first.getDeliveryCount() + 1);
        assertThat(again.getLockToken()).isNotEqualTo(first.getLockToken());
        assertThat(again.getEnqueuedTime()).isEqualTo(first.getEnqueuedTime());
        receiver.complete(again);
    }

    @Test
    void settlingWithAnExpiredLockFailsWithLockLost() {
        String id = uniqueId("lock-lost");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.LOCK_LOST, id);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        waitUntil(received.getLockedUntil().plusSeconds(1));

        assertThatThrownBy(() -> receiver.complete(received))
            .satisfies(failure -> Failures.assertFailedWith(failure,
                AmqpErrorCondition.MESSAGE_LOCK_LOST, ServiceBusFailureReason.MESSAGE_LOCK_LOST));
        ServiceBusReceivedMessage again = receiveOne(receiver);
        assertThat(again.getMessageId()).as("the message survives the failed complete").isEqualTo(id);
        receiver.complete(again);
    }

    @Test
    void exceedingMaxDeliveryCountMovesTheMessageToTheDeadLetterQueue() {
        String id = uniqueId("max-delivery");
        ServiceBusReceiverClient receiver = sendAndOpenReceiver(TestQueue.MAX_DELIVERY, id);

        // MaxDeliveryCount is 2 for this queue.
        receiver.abandon(receiveOne(receiver));
        receiver.abandon(receiveOne(receiver));

        assertNothingToReceive(receiver);
        ServiceBusReceiverClient deadLetters = clients.deadLetterReceiver(TestQueue.MAX_DELIVERY);
        ServiceBusReceivedMessage dead = receiveOne(deadLetters);
        assertThat(dead.getMessageId()).isEqualTo(id);
        assertThat(dead.getDeadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
        deadLetters.complete(dead);
    }

    @Test
    void theQueueDefaultTimeToLiveCapsALongerOneOnTheMessage() {
        String id = uniqueId("ttl-capped");
        // The queue's DefaultMessageTimeToLive is PT5M; a longer message TTL is silently shortened to it.
        clients.sender(TestQueue.TTL).sendMessage(message(id).setTimeToLive(Duration.ofHours(1)));

        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.TTL);
        ServiceBusReceivedMessage received = receiveOne(receiver);

        assertThat(received.getMessageId()).isEqualTo(id);
        assertThat(received.getTimeToLive()).isEqualTo(Duration.ofMinutes(5));
        assertThat(received.getExpiresAt()).isEqualTo(received.getEnqueuedTime().plusMinutes(5));
        receiver.complete(received);
    }

    @Test
    void aMessageExpiredByItsOwnTtlIsDeadLettered() {
        String id = uniqueId("ttl-message");
        OffsetDateTime sentAt = OffsetDateTime.now();
        clients.sender(TestQueue.TTL_MESSAGE).sendMessage(message(id).setTimeToLive(Duration.ofSeconds(1)));

        waitUntil(sentAt.plusSeconds(2));

        assertExpiredToDeadLetterQueue(TestQueue.TTL_MESSAGE, id);
    }

    /** Service Bus moves expired messages while a receiver is pulling, so pull the queue first. */
    private void assertExpiredToDeadLetterQueue(TestQueue queue, String id) {
        assertNothingToReceive(clients.peekLockReceiver(queue));
        ServiceBusReceiverClient deadLetters = clients.deadLetterReceiver(queue);
        ServiceBusReceivedMessage dead = receiveOne(deadLetters);
        assertThat(dead.getMessageId()).isEqualTo(id);
        assertThat(dead.getDeadLetterReason()).isEqualTo("TTLExpiredException");
        deadLetters.complete(dead);
    }

    @Test
    void duplicateDetectionDropsASecondSendWithTheSameMessageId() {
        String duplicated = uniqueId("duplicated");
        String other = uniqueId("other");
        ServiceBusSenderClient sender = clients.sender(TestQueue.DUPLICATE_DETECTION);

        sender.sendMessage(message(duplicated));
        sender.sendMessage(message(duplicated).setSubject("the second copy"));
        sender.sendMessage(message(other));

        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.DUPLICATE_DETECTION);
        var received = receive(receiver, 2);
        assertThat(messageIds(received)).containsExactly(duplicated, other);
        assertThat(received.getFirst().getSubject()).as("the first copy is kept").isNull();
        assertNothingToReceive(receiver);
        received.forEach(receiver::complete);
    }
}
