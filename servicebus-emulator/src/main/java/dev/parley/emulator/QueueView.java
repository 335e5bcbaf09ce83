package dev.parley.emulator;

import dev.parley.emulator.amqp.EventLoop;
import dev.parley.emulator.amqp.MessageCodec;
import dev.parley.emulator.broker.MessageState;
import dev.parley.emulator.broker.QueueEntity;
import dev.parley.emulator.broker.StoredMessage;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Read-only snapshots of one queue, taken on the emulator thread. */
public final class QueueView {
    private final QueueEntity queue;
    private final QueueEntity deadLetters;
    private final EventLoop loop;

    QueueView(QueueEntity queue, QueueEntity deadLetters, EventLoop loop) {
        this.queue = queue;
        this.deadLetters = deadLetters;
        this.loop = loop;
    }

    public String name() {
        return queue.path();
    }

    /** Messages that are not scheduled (ready, locked or deferred), in sequence order. */
    public List<EmulatedMessage> activeMessages() {
        return snapshot(queue, m -> m.state() != MessageState.SCHEDULED);
    }

    /** Messages of {@code <queue>/$deadletterqueue}, in sequence order. */
    public List<EmulatedMessage> deadLetters() {
        return snapshot(deadLetters, m -> true);
    }

    /** Messages waiting for their scheduled enqueue time. */
    public List<EmulatedMessage> scheduledMessages() {
        return snapshot(queue, m -> m.state() == MessageState.SCHEDULED);
    }

    /** Deferred messages (only retrievable by sequence number). */
    public List<EmulatedMessage> deferredMessages() {
        return snapshot(queue, m -> m.state() == MessageState.DEFERRED);
    }

    public Optional<byte[]> sessionState(String sessionId) {
        return loop.call(() -> queue.inspectSessionState(sessionId));
    }

    private List<EmulatedMessage> snapshot(QueueEntity entity, Predicate<StoredMessage> filter) {
        return loop.call(() -> entity.messages(filter).stream().map(MessageCodec::toEmulated).toList());
    }
}
