package dev.parley.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.broker.BrokerException.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Queue semantics without sockets: ordering, locks, redelivery, dead-lettering, expiry, duplicates, scheduling. */
class QueueEntityTest {
    private final ManualTimers timers = new ManualTimers();
    private final Broker broker = new Broker(List.of(
            QueueOptions.builder("work").lockDuration(Duration.ofSeconds(30)).maxDeliveryCount(3).build(),
            QueueOptions.builder("expiring").defaultMessageTimeToLive(Duration.ofSeconds(10))
                    .deadLetteringOnMessageExpiration(true).build(),
            QueueOptions.builder("dropping").defaultMessageTimeToLive(Duration.ofSeconds(10)).build(),
            QueueOptions.builder("dedup").requiresDuplicateDetection(true)
                    .duplicateDetectionHistoryTimeWindow(Duration.ofMinutes(1)).build()), timers);
    private final QueueEntity work = broker.entity("work").orElseThrow();

    private static IncomingMessage message(String id) {
        return new IncomingMessage(id, null, null, null, "payload-" + id);
    }

    @Test
    void deliversInSequenceOrderOnlyAsFarAsCreditAllows() {
        work.send(message("a"));
        work.send(message("b"));
        work.send(message("c"));
        RecordingConsumer consumer = new RecordingConsumer(2);

        work.addConsumer(consumer);

        assertThat(consumer.messageIds()).containsExactly("a", "b");
        assertThat(consumer.received).extracting(StoredMessage::sequenceNumber).containsExactly(1L, 2L);
        consumer.credit = 5;
        work.dispatch();
        assertThat(consumer.messageIds()).containsExactly("a", "b", "c");
    }

    @Test
    void peekLockLocksUntilCompletedAndCompleteRemoves() {
        work.send(message("a"));
        RecordingConsumer consumer = new RecordingConsumer(1);
        work.addConsumer(consumer);
        StoredMessage m = consumer.last();

        assertThat(m.isLocked()).isTrue();
        assertThat(m.lockedUntil()).isEqualTo(timers.now().plusSeconds(30));
        assertThat(m.deliveryCount()).isEqualTo(1);
        work.settle(m.lockToken(), Settlement.complete());

        assertThat(work.size()).isZero();
        assertThatThrownBy(() -> work.settle(m.lockToken() == null ? java.util.UUID.randomUUID() : m.lockToken(),
                Settlement.complete())).isInstanceOf(BrokerException.class);
    }

    @Test
    void settlingAnUnknownLockTokenIsLockLost() {
        assertThatThrownBy(() -> work.settle(java.util.UUID.randomUUID(), Settlement.complete()))
                .isInstanceOfSatisfying(BrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MESSAGE_LOCK_LOST));
    }

    @Test
    void abandonRedeliversWithAHigherDeliveryCountAndModifiedProperties() {
        work.send(message("a"));
        RecordingConsumer consumer = new RecordingConsumer(2);
        work.addConsumer(consumer);

        work.settle(consumer.last().lockToken(), Settlement.abandon(Map.of("attempt", "first")));

        assertThat(consumer.received).hasSize(2);
        assertThat(consumer.last().deliveryCount()).isEqualTo(2);
        assertThat(consumer.last().propertyChanges()).containsEntry("attempt", "first");
    }

    @Test
    void anExpiredLockMakesTheMessageAvailableAgain() {
        work.send(message("a"));
        RecordingConsumer first = new RecordingConsumer(1);
        work.addConsumer(first);
        java.util.UUID oldToken = first.last().lockToken();
        RecordingConsumer second = new RecordingConsumer(1);
        work.addConsumer(second);
        assertThat(second.received).isEmpty();

        timers.advance(Duration.ofSeconds(31));

        assertThat(second.messageIds()).containsExactly("a");
        assertThat(second.last().deliveryCount()).isEqualTo(2);
        assertThatThrownBy(() -> work.settle(oldToken, Settlement.complete())).isInstanceOf(BrokerException.class);
    }

    @Test
    void renewingALockPostponesItsExpiry() {
        work.send(message("a"));
        RecordingConsumer consumer = new RecordingConsumer(5);
        work.addConsumer(consumer);
        java.util.UUID token = consumer.last().lockToken();

        timers.advance(Duration.ofSeconds(20));
        Instant until = work.renewLock(token);
        timers.advance(Duration.ofSeconds(20));

        assertThat(until).isEqualTo(timers.now().plusSeconds(10));
        assertThat(consumer.received).hasSize(1);
        assertThat(work.holdsLock(token)).isTrue();
    }

    @Test
    void reachingMaxDeliveryCountDeadLettersWithTheServiceBusReason() {
        work.send(message("poison"));
        RecordingConsumer consumer = new RecordingConsumer(10);
        work.addConsumer(consumer);

        for (int i = 0; i < 3; i++) {
            work.settle(consumer.last().lockToken(), Settlement.abandon(Map.of()));
        }

        assertThat(consumer.received).hasSize(3);
        assertThat(work.size()).isZero();
        List<StoredMessage> dead = broker.entity("work/$deadletterqueue").orElseThrow().messages(m -> true);
        assertThat(dead).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo("poison");
            assertThat(m.deadLetterReason()).isEqualTo(QueueEntity.MAX_DELIVERY_COUNT_EXCEEDED);
            assertThat(m.propertyChanges()).containsEntry("DeadLetterReason", "MaxDeliveryCountExceeded");
            assertThat(m.deadLetterSource()).isEqualTo("work");
        });
    }

    @Test
    void deadLetteringKeepsTheReasonAndDescription() {
        work.send(message("bad"));
        RecordingConsumer consumer = new RecordingConsumer(1);
        work.addConsumer(consumer);

        work.settle(consumer.last().lockToken(), Settlement.deadLetter("invalid", "no text", Map.of("k", "v")));

        StoredMessage dead = broker.entity("WORK/$DeadLetterQueue").orElseThrow().messages(m -> true).get(0);
        assertThat(dead.deadLetterReason()).isEqualTo("invalid");
        assertThat(dead.deadLetterDescription()).isEqualTo("no text");
        assertThat(dead.propertyChanges()).containsEntry("k", "v").containsEntry("DeadLetterErrorDescription",
                "no text");
    }

    @Test
    void expiredMessagesAreDeadLetteredWhenTheQueueSaysSo() {
        QueueEntity expiring = broker.entity("expiring").orElseThrow();
        expiring.send(message("old"));

        timers.advance(Duration.ofSeconds(11));

        assertThat(expiring.size()).isZero();
        assertThat(broker.entity("expiring/$deadletterqueue").orElseThrow().messages(m -> true))
                .extracting(StoredMessage::deadLetterReason).containsExactly(QueueEntity.TTL_EXPIRED);
    }

    @Test
    void expiredMessagesAreDroppedOtherwiseAndAMessageTtlShorterThanTheDefaultWins() {
        QueueEntity dropping = broker.entity("dropping").orElseThrow();
        dropping.send(new IncomingMessage("short", null, Duration.ofSeconds(2), null, "p"));
        dropping.send(message("long"));

        timers.advance(Duration.ofSeconds(3));

        assertThat(dropping.messages(m -> true)).extracting(StoredMessage::messageId).containsExactly("long");
        timers.advance(Duration.ofSeconds(8));
        assertThat(dropping.size()).isZero();
        assertThat(broker.entity("dropping/$deadletterqueue").orElseThrow().size()).isZero();
    }

    @Test
    void duplicateMessageIdsWithinTheWindowAreDroppedButAcceptedAfterIt() {
        QueueEntity dedup = broker.entity("dedup").orElseThrow();

        long first = dedup.send(message("same"));
        long duplicate = dedup.send(message("same"));
        timers.advance(Duration.ofMinutes(2));
        long later = dedup.send(message("same"));

        assertThat(first).isPositive();
        assertThat(duplicate).isEqualTo(-1);
        assertThat(later).isPositive();
        assertThat(dedup.size()).isEqualTo(2);
    }

    @Test
    void scheduledMessagesStayInvisibleUntilTheirTimeAndCanBeCancelled() {
        RecordingConsumer consumer = new RecordingConsumer(10);
        work.addConsumer(consumer);
        long kept = work.send(new IncomingMessage("later", null, null, timers.now().plusSeconds(5), "p"));
        long cancelled = work.send(new IncomingMessage("never", null, null, timers.now().plusSeconds(5), "p"));

        work.cancelScheduled(cancelled);
        timers.advance(Duration.ofSeconds(4));
        assertThat(consumer.received).isEmpty();
        timers.advance(Duration.ofSeconds(2));

        assertThat(consumer.messageIds()).containsExactly("later");
        assertThat(consumer.last().sequenceNumber()).isEqualTo(kept);
        assertThatThrownBy(() -> work.cancelScheduled(cancelled)).isInstanceOf(BrokerException.class);
    }

    @Test
    void deferredMessagesAreOnlyReceivedBySequenceNumber() {
        work.send(message("deferred"));
        RecordingConsumer consumer = new RecordingConsumer(10);
        work.addConsumer(consumer);
        long seq = consumer.last().sequenceNumber();

        work.settle(consumer.last().lockToken(), Settlement.defer(Map.of()));
        List<StoredMessage> fetched = work.receiveDeferred(new long[] {seq}, null, false);

        assertThat(consumer.received).hasSize(1);
        assertThat(fetched).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(MessageState.DEFERRED);
            assertThat(m.isLocked()).isTrue();
        });
        work.settle(fetched.get(0).lockToken(), Settlement.complete());
        assertThat(work.size()).isZero();
    }

    @Test
    void receiveAndDeleteForgetsTheMessageOnDelivery() {
        work.send(message("once"));
        RecordingConsumer consumer = new RecordingConsumer(1, true);

        work.addConsumer(consumer);

        assertThat(consumer.last().isLocked()).isFalse();
        assertThat(work.size()).isZero();
    }

    @Test
    void peekShowsMessagesFromASequenceNumberWithoutLocking() {
        work.send(message("a"));
        work.send(message("b"));
        work.send(message("c"));

        assertThat(work.peek(2, 5, null)).extracting(StoredMessage::messageId).containsExactly("b", "c");
        assertThat(work.peek(1, 1, null)).extracting(StoredMessage::isLocked).containsExactly(false);
    }

    @Test
    void stalledDeliveriesResumeWhenTheStallEnds() {
        RecordingConsumer consumer = new RecordingConsumer(5);
        work.addConsumer(consumer);
        broker.stallDeliveries(Duration.ofSeconds(3));

        work.send(message("held"));
        assertThat(consumer.received).isEmpty();
        timers.advance(Duration.ofSeconds(3));

        assertThat(consumer.messageIds()).containsExactly("held");
    }

    @Test
    void transactionalWorkAppliesOnCommitAndVanishesOnRollback() {
        Transactions tx = broker.transactions();
        byte[] committed = tx.declare();
        byte[] rolledBack = tx.declare();
        tx.enlist(committed, () -> work.send(message("kept")));
        tx.enlist(rolledBack, () -> work.send(message("dropped")));
        assertThat(work.size()).isZero();

        tx.discharge(rolledBack, true);
        tx.discharge(committed, false);

        assertThat(work.messages(m -> true)).extracting(StoredMessage::messageId).containsExactly("kept");
        assertThatThrownBy(() -> tx.discharge(committed, false)).isInstanceOf(BrokerException.class);
    }
}
