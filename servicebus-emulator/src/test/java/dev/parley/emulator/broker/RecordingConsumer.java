package dev.parley.emulator.broker;

import java.util.ArrayList;
import java.util.List;

/** A consumer with a fixed credit that records what it was given. */
final class RecordingConsumer implements Consumer {
    final List<StoredMessage> received = new ArrayList<>();
    final List<String> lostSessions = new ArrayList<>();
    private final boolean receiveAndDelete;
    int credit;

    RecordingConsumer(int credit) {
        this(credit, false);
    }

    RecordingConsumer(int credit, boolean receiveAndDelete) {
        this.credit = credit;
        this.receiveAndDelete = receiveAndDelete;
    }

    @Override
    public int credit() {
        return credit;
    }

    @Override
    public boolean receiveAndDelete() {
        return receiveAndDelete;
    }

    @Override
    public void deliver(StoredMessage message) {
        credit--;
        received.add(message);
    }

    @Override
    public void sessionLockLost(String sessionId) {
        lostSessions.add(sessionId);
    }

    StoredMessage last() {
        return received.get(received.size() - 1);
    }

    List<String> messageIds() {
        return received.stream().map(StoredMessage::messageId).toList();
    }
}
