package dev.parley.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.broker.BrokerException.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session semantics: named and next-available locks, waiting, lock expiry and session state. */
class SessionQueueTest {
    private final ManualTimers timers = new ManualTimers();
    private final Broker broker = new Broker(List.of(QueueOptions.builder("chats").requiresSession(true)
            .lockDuration(Duration.ofSeconds(30)).maxDeliveryCount(5).build()), timers);
    private final QueueEntity chats = broker.entity("chats").orElseThrow();

    private static IncomingMessage message(String session, String id) {
        return new IncomingMessage(id, session, null, null, "p");
    }

    @Test
    void aMessageWithoutSessionIdIsRefused() {
        assertThatThrownBy(() -> chats.send(message(null, "orphan")))
                .isInstanceOfSatisfying(BrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD));
    }

    @Test
    void aNamedSessionDeliversOnlyItsOwnMessagesInOrder() {
        chats.send(message("s1", "a"));
        chats.send(message("s2", "x"));
        chats.send(message("s1", "b"));
        RecordingConsumer consumer = new RecordingConsumer(10);

        MessageSession s = chats.acceptSession("s1", consumer);
        chats.dispatch(s);

        assertThat(consumer.messageIds()).containsExactly("a", "b");
        assertThat(s.lockedUntil()).isEqualTo(timers.now().plusSeconds(30));
    }

    @Test
    void aSessionHeldByOneReceiverCannotBeLockedByAnother() {
        chats.acceptSession("s1", new RecordingConsumer(1));

        assertThatThrownBy(() -> chats.acceptSession("s1", new RecordingConsumer(1)))
                .isInstanceOfSatisfying(BrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_CANNOT_BE_LOCKED));
    }

    @Test
    void nextAvailableTakesTheOldestReadySessionAtOnce() {
        chats.send(message("s1", "a"));
        chats.send(message("s2", "b"));
        List<String> granted = new ArrayList<>();

        chats.acceptNextSession(new RecordingConsumer(1), timers.now().plusSeconds(5), s -> granted.add(s.id()),
                () -> granted.add("timeout"));
        chats.acceptNextSession(new RecordingConsumer(1), timers.now().plusSeconds(5), s -> granted.add(s.id()),
                () -> granted.add("timeout"));

        assertThat(granted).containsExactly("s1", "s2");
    }

    @Test
    void aWaitingReceiverGetsTheFirstSessionThatArrivesAndOtherwiseTimesOut() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        RecordingConsumer consumer = new RecordingConsumer(5);
        chats.acceptNextSession(consumer, timers.now().plusSeconds(5), s -> first.add(s.id()), () -> first.add("timeout"));
        chats.acceptNextSession(new RecordingConsumer(5), timers.now().plusSeconds(5), s -> second.add(s.id()),
                () -> second.add("timeout"));

        timers.advance(Duration.ofSeconds(1));
        chats.send(message("late", "m"));
        timers.advance(Duration.ofSeconds(5));

        assertThat(first).containsExactly("late");
        assertThat(consumer.messageIds()).containsExactly("m");
        assertThat(second).containsExactly("timeout");
    }

    @Test
    void cancellingAWaitMeansTheSessionGoesElsewhere() {
        List<String> granted = new ArrayList<>();
        Runnable cancel = chats.acceptNextSession(new RecordingConsumer(1), timers.now().plusSeconds(5),
                s -> granted.add(s.id()), () -> granted.add("timeout"));

        cancel.run();
        chats.send(message("s1", "a"));
        timers.advance(Duration.ofSeconds(10));

        assertThat(granted).isEmpty();
        assertThat(chats.acceptSession("s1", new RecordingConsumer(1))).isNotNull();
    }

    @Test
    void anExpiredSessionLockTellsTheOwnerAndFreesTheSessionWithItsMessages() {
        chats.send(message("s1", "a"));
        RecordingConsumer owner = new RecordingConsumer(5);
        MessageSession s = chats.acceptSession("s1", owner);
        chats.dispatch(s);

        timers.advance(Duration.ofSeconds(31));

        assertThat(owner.lostSessions).containsExactly("s1");
        RecordingConsumer next = new RecordingConsumer(5);
        chats.dispatch(chats.acceptSession("s1", next));
        assertThat(next.messageIds()).containsExactly("a");
        assertThat(next.last().deliveryCount()).isEqualTo(2);
    }

    @Test
    void renewingTheSessionLockKeepsItAndItsMessageLocks() {
        chats.send(message("s1", "a"));
        RecordingConsumer owner = new RecordingConsumer(5);
        MessageSession s = chats.acceptSession("s1", owner);
        chats.dispatch(s);

        timers.advance(Duration.ofSeconds(20));
        chats.renewSessionLock("s1");
        timers.advance(Duration.ofSeconds(20));

        assertThat(owner.lostSessions).isEmpty();
        chats.settle(owner.last().lockToken(), Settlement.complete());
        assertThat(chats.size()).isZero();
    }

    @Test
    void releasingASessionReturnsItsLockedMessagesForTheNextReceiver() {
        chats.send(message("s1", "a"));
        RecordingConsumer owner = new RecordingConsumer(5);
        chats.dispatch(chats.acceptSession("s1", owner));

        chats.releaseSession("s1", owner);
        List<String> granted = new ArrayList<>();
        chats.acceptNextSession(new RecordingConsumer(5), timers.now().plusSeconds(1), s -> granted.add(s.id()),
                () -> granted.add("timeout"));

        assertThat(granted).containsExactly("s1");
    }

    @Test
    void sessionStateNeedsTheLockAndSurvivesTheLockHolder() {
        RecordingConsumer owner = new RecordingConsumer(1);
        chats.acceptSession("s1", owner);

        chats.sessionState("s1", "turn=3".getBytes());
        chats.releaseSession("s1", owner);

        assertThatThrownBy(() -> chats.sessionState("s1"))
                .isInstanceOfSatisfying(BrokerException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCK_LOST));
        assertThat(chats.inspectSessionState("s1")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("turn=3"));
        chats.acceptSession("s1", new RecordingConsumer(1));
        assertThat(chats.sessionState("s1")).isPresent();
        chats.sessionState("s1", null);
        assertThat(chats.sessionState("s1")).isEmpty();
    }

    @Test
    void abandonedSessionMessagesGoBackToTheSameOwner() {
        chats.send(message("s1", "a"));
        RecordingConsumer owner = new RecordingConsumer(5);
        chats.dispatch(chats.acceptSession("s1", owner));

        chats.settle(owner.last().lockToken(), Settlement.abandon(Map.of()));

        assertThat(owner.messageIds()).containsExactly("a", "a");
    }
}
