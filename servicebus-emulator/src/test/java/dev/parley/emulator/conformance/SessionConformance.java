package dev.parley.emulator.conformance;

import static dev.parley.emulator.conformance.Deliveries.assertNothingToReceive;
import static dev.parley.emulator.conformance.Deliveries.message;
import static dev.parley.emulator.conformance.Deliveries.messageIds;
import static dev.parley.emulator.conformance.Deliveries.receive;
import static dev.parley.emulator.conformance.Deliveries.receiveOne;
import static dev.parley.emulator.conformance.Deliveries.sessionMessage;
import static dev.parley.emulator.conformance.Deliveries.uniqueId;
import static dev.parley.emulator.conformance.Deliveries.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sessions: accepting, ordering, exclusive locks, lock expiry and renewal, and session state. */
abstract class SessionConformance extends BrokerConformance {

    @Test
    void aNamedSessionDeliversOnlyThatSessionsMessages() {
        String session = uniqueId("named");
        String otherSession = uniqueId("other");
        ServiceBusSenderClient sender = clients.sender(TestQueue.SESSIONS);
        sender.sendMessage(sessionMessage(otherSession, uniqueId("not-mine")));
        sender.sendMessage(sessionMessage(session, uniqueId("mine")));

        ServiceBusReceiverClient receiver = clients.acceptSession(TestQueue.SESSIONS, session);

        assertThat(receiver.getSessionId()).isEqualTo(session);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        assertThat(received.getSessionId()).isEqualTo(session);
        assertThat(received.getMessageId()).startsWith("mine-");
        assertNothingToReceive(receiver);
        receiver.complete(received);
    }

    @Test
    void acceptNextSessionHandsOutEachSessionWithMessagesOnce() {
        String first = uniqueId("next-a");
        String second = uniqueId("next-b");
        ServiceBusSenderClient sender = clients.sender(TestQueue.SESSIONS_NEXT);
        sender.sendMessage(sessionMessage(first, uniqueId("a")));
        sender.sendMessage(sessionMessage(second, uniqueId("b")));
        ServiceBusSessionReceiverClient sessions = clients.sessionReceiver(TestQueue.SESSIONS_NEXT);

        ServiceBusReceiverClient one = clients.track(sessions.acceptNextSession());
        ServiceBusReceiverClient two = clients.track(sessions.acceptNextSession());

        assertThat(Set.of(one.getSessionId(), two.getSessionId())).containsExactlyInAnyOrder(first, second);
        for (ServiceBusReceiverClient receiver : List.of(one, two)) {
            ServiceBusReceivedMessage received = receiveOne(receiver);
            assertThat(received.getSessionId()).isEqualTo(receiver.getSessionId());
            receiver.complete(received);
        }
    }

    @Test
    void aSessionDeliversItsMessagesInSendOrder() {
        String session = uniqueId("ordered");
        ServiceBusSenderClient sender = clients.sender(TestQueue.SESSIONS);
        List<String> ids = IntStream.range(0, 10).mapToObj(i -> uniqueId("ordered-" + i)).toList();
        ids.subList(0, 5).forEach(id -> sender.sendMessage(sessionMessage(session, id)));
        ServiceBusMessageBatch batch = sender.createMessageBatch();
        ids.subList(5, 10).forEach(id -> assertThat(batch.tryAddMessage(sessionMessage(session, id))).isTrue());
        sender.sendMessages(batch);

        ServiceBusReceiverClient receiver = clients.acceptSession(TestQueue.SESSIONS, session);

        List<ServiceBusReceivedMessage> received = receive(receiver, ids.size());
        assertThat(messageIds(received)).containsExactlyElementsOf(ids);
        received.forEach(receiver::complete);
    }

    @Test
    void aSessionHeldByOneReceiverCannotBeLockedByAnother() {
        String session = uniqueId("held");
        clients.sender(TestQueue.SESSIONS).sendMessage(sessionMessage(session, uniqueId("held")));
        ServiceBusReceiverClient holder = clients.acceptSession(TestQueue.SESSIONS, session);
        ServiceBusSessionReceiverClient rival = clients.anotherConnection().sessionReceiver(TestQueue.SESSIONS);

        assertSessionIsLocked(rival, session);
        holder.complete(receiveOne(holder));
    }

    @Test
    void aSessionQueueRefusesAMessageWithoutASessionId() {
        ServiceBusSenderClient sender = clients.sender(TestQueue.SESSIONS_REJECT);

        assertThatThrownBy(() -> sender.sendMessage(message(uniqueId("no-session"))))
            .isInstanceOf(ServiceBusException.class);

        String session = uniqueId("with-session");
        sender.sendMessage(sessionMessage(session, uniqueId("accepted")));
        ServiceBusReceiverClient receiver = clients.acceptSession(TestQueue.SESSIONS_REJECT, session);
        receiver.complete(receiveOne(receiver));
    }

    @Test
    void acceptNextSessionTimesOutWhenNoSessionIsFree() {
        // The SDK asks the broker to answer within tryTimeout - 1 s; the broker says com.microsoft:timeout.
        ServiceBusSessionReceiverClient sessions = clients.anotherConnection(Duration.ofSeconds(3))
            .sessionReceiver(TestQueue.SESSIONS_EMPTY);

        assertThatThrownBy(sessions::acceptNextSession)
            .satisfies(failure -> assertThat(Failures.causes(failure))
                .as("the broker's timeout, not the client's own")
                .anyMatch(cause -> cause.contains(AmqpErrorCondition.TIMEOUT_ERROR.getErrorCondition()))
                .noneMatch(cause -> cause.contains("client-timeout")));
    }

    @Test
    void anExpiredSessionLockLetsAnotherReceiverTakeTheSession() {
        String session = uniqueId("expiring");
        String id = uniqueId("expiring");
        clients.sender(TestQueue.SESSIONS_SHORT_LOCK).sendMessage(sessionMessage(session, id));
        clients.acceptSession(TestQueue.SESSIONS_SHORT_LOCK, session);
        ServiceBusSessionReceiverClient rival = clients.anotherConnection().sessionReceiver(TestQueue.SESSIONS_SHORT_LOCK);
        assertSessionIsLocked(rival, session);

        // Lock auto-renewal is off and LockDuration is 5 s: the first receiver's lock runs out.
        AtomicReference<ServiceBusReceiverClient> taken = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> taken.compareAndSet(null, clients.track(rival.acceptSession(session))));

        ServiceBusReceivedMessage received = receiveOne(taken.get());
        assertThat(received.getMessageId()).isEqualTo(id);
        taken.get().complete(received);
    }

    @Test
    void renewingTheSessionLockKeepsTheSessionPastItsFirstExpiry() {
        String session = uniqueId("renewed");
        clients.sender(TestQueue.SESSIONS_SHORT_LOCK).sendMessage(sessionMessage(session, uniqueId("renewed")));
        OffsetDateTime accepted = OffsetDateTime.now();
        ServiceBusReceiverClient holder = clients.acceptSession(TestQueue.SESSIONS_SHORT_LOCK, session);
        waitUntil(accepted.plusSeconds(3));

        OffsetDateTime renewedUntil = holder.renewSessionLock();

        assertThat(renewedUntil).isAfter(accepted.plus(TestQueue.SHORT_LOCK).plusSeconds(1));
        waitUntil(accepted.plus(TestQueue.SHORT_LOCK).plusSeconds(1));
        ServiceBusSessionReceiverClient rival = clients.anotherConnection().sessionReceiver(TestQueue.SESSIONS_SHORT_LOCK);
        assertSessionIsLocked(rival, session);
        holder.complete(receiveOne(holder));
    }

    @Test
    void sessionStateIsStoredReadByTheNextReceiverAndCleared() {
        String session = uniqueId("stateful");
        clients.sender(TestQueue.SESSIONS).sendMessage(sessionMessage(session, uniqueId("stateful")));
        ServiceBusReceiverClient first = clients.acceptSession(TestQueue.SESSIONS, session);
        assertThat(first.getSessionState()).as("state of a new session").isNull();
        byte[] state = "turn=3".getBytes(StandardCharsets.UTF_8);

        first.setSessionState(state);

        assertThat(first.getSessionState()).isEqualTo(state);
        first.close();
        // Another process takes the session over once the first receiver's detach has released it.
        ServiceBusSessionReceiverClient next = clients.anotherConnection().sessionReceiver(TestQueue.SESSIONS);
        AtomicReference<ServiceBusReceiverClient> second = new AtomicReference<>();
        await().atMost(Deliveries.ARRIVAL).ignoreExceptions()
            .until(() -> second.compareAndSet(null, clients.track(next.acceptSession(session))));
        assertThat(second.get().getSessionState()).as("state seen by the next receiver").isEqualTo(state);
        second.get().setSessionState(null);
        assertThat(second.get().getSessionState()).as("state after clearing").isNull();
        second.get().complete(receiveOne(second.get()));
    }

    @Test
    void aSessionCanBeClosedAndAcceptedAgainOnTheSameConnection() {
        // What a session processor does when a conversation goes quiet and then gets a new question.
        String session = uniqueId("reaccepted");
        ServiceBusSenderClient sender = clients.sender(TestQueue.SESSIONS);
        ServiceBusSessionReceiverClient sessions = clients.sessionReceiver(TestQueue.SESSIONS);
        for (int round = 0; round < 3; round++) {
            String id = uniqueId("round-" + round);
            sender.sendMessage(sessionMessage(session, id));
            ServiceBusReceiverClient receiver = clients.track(sessions.acceptSession(session));

            ServiceBusReceivedMessage received = receiveOne(receiver);

            assertThat(received.getMessageId()).isEqualTo(id);
            receiver.setSessionState(("round=" + round).getBytes(StandardCharsets.UTF_8));
            receiver.complete(received);
            receiver.close();
        }
    }

    private static void assertSessionIsLocked(ServiceBusSessionReceiverClient rival, String session) {
        assertThatThrownBy(() -> rival.acceptSession(session))
            .as("accepting session %s held by another receiver", session)
            .satisfies(failure -> Failures.assertFailedWith(failure,
                AmqpErrorCondition.SESSION_CANNOT_BE_LOCKED, ServiceBusFailureReason.SESSION_CANNOT_BE_LOCKED));
    }
}
