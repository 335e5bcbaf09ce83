package dev.parley.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Receiving with bounded waits, and unique ids so tests never see each other's messages. */
final class Deliveries {

    /** How long a test waits for a message it expects; generous, because it ends as soon as one arrives. */
    static final Duration ARRIVAL = Duration.ofSeconds(15);

    /** How long a test waits to be sure that nothing (more) arrives. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private Deliveries() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static ServiceBusMessage message(String messageId) {
        return new ServiceBusMessage("body of " + messageId).setMessageId(messageId);
    }

    static ServiceBusMessage sessionMessage(String sessionId, String messageId) {
        return message(messageId).setSessionId(sessionId);
    }

    static ServiceBusReceivedMessage receiveOne(ServiceBusReceiverClient receiver) {
        return receive(receiver, 1).getFirst();
    }

    /** Receives exactly {@code count} messages within {@link #ARRIVAL}, or fails saying how many came. */
    static List<ServiceBusReceivedMessage> receive(ServiceBusReceiverClient receiver, int count) {
        List<ServiceBusReceivedMessage> received = new ArrayList<>();
        long deadline = System.nanoTime() + ARRIVAL.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(1).toNanos()));
            receiver.receiveMessages(count - received.size(), left).forEach(received::add);
        }
        assertThat(received).as("messages received from %s within %s", receiver.getEntityPath(), ARRIVAL)
            .hasSize(count);
        return received;
    }

    static void assertNothingToReceive(ServiceBusReceiverClient receiver) {
        assertThat(receiver.receiveMessages(1, QUIET).stream().map(ServiceBusReceivedMessage::getMessageId))
            .as("messages on %s", receiver.getEntityPath())
            .isEmpty();
    }

    /**
     * The first message still on the queue (locked or not), or null. Peeks from sequence number 0,
     * because a receiver's plain {@code peekMessage()} continues after the last message it peeked.
     */
    static ServiceBusReceivedMessage peekFirst(ServiceBusReceiverClient receiver) {
        return receiver.peekMessage(0);
    }

    /** Waits (bounded) until the clock has passed {@code moment}, e.g. a lock's expiry. */
    static void waitUntil(OffsetDateTime moment) {
        Duration left = Duration.between(OffsetDateTime.now(), moment);
        await().atMost((left.isNegative() ? Duration.ZERO : left).plusSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> OffsetDateTime.now().isAfter(moment));
    }

    static List<String> messageIds(List<ServiceBusReceivedMessage> messages) {
        return messages.stream().map(ServiceBusReceivedMessage::getMessageId).toList();
    }
}
