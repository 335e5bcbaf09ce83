package dev.parley.emulator.broker;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** One Service Bus session of a queue: its ready messages, its lock owner and its state. */
public final class MessageSession {
    private final String id;
    final TreeMap<Long, StoredMessage> available = new TreeMap<>();
    final Map<UUID, StoredMessage> locked = new LinkedHashMap<>();
    Consumer owner;
    Instant lockedUntil;
    Timers.Timer lockTimer;
    byte[] state;

    MessageSession(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Until when the current owner holds the session, or null if nobody does. */
    public Instant lockedUntil() {
        return lockedUntil;
    }

    boolean isForgettable() {
        return owner == null && available.isEmpty() && locked.isEmpty() && state == null;
    }
}
