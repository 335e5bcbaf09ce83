package dev.parley.emulator.broker;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One message inside a queue, with the broker's bookkeeping. Mutated only on the broker thread. */
public final class StoredMessage {
    private final long sequenceNumber;
    private final String messageId;
    private final String sessionId;
    private final Object payload;
    private final Instant expiresAt;
    private final String deadLetterSource;
    private Instant enqueuedTime;
    private MessageState state;
    private int deliveryCount;
    private UUID lockToken;
    private Instant lockedUntil;
    private String deadLetterReason;
    private String deadLetterDescription;
    private Map<String, Object> propertyChanges = Map.of();

    StoredMessage(long sequenceNumber, String messageId, String sessionId, Object payload, Instant enqueuedTime,
                  Instant expiresAt, MessageState state, String deadLetterSource) {
        this.sequenceNumber = sequenceNumber;
        this.messageId = messageId;
        this.sessionId = sessionId;
        this.payload = payload;
        this.enqueuedTime = enqueuedTime;
        this.expiresAt = expiresAt;
        this.state = state;
        this.deadLetterSource = deadLetterSource;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    public String messageId() {
        return messageId;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The sender's AMQP message, unchanged. */
    public Object payload() {
        return payload;
    }

    public Instant enqueuedTime() {
        return enqueuedTime;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public MessageState state() {
        return state;
    }

    public int deliveryCount() {
        return deliveryCount;
    }

    /** The current lock token, or null when the message is not locked. */
    public UUID lockToken() {
        return lockToken;
    }

    public Instant lockedUntil() {
        return lockedUntil;
    }

    public boolean isLocked() {
        return lockToken != null;
    }

    public String deadLetterReason() {
        return deadLetterReason;
    }

    public String deadLetterDescription() {
        return deadLetterDescription;
    }

    /** Name of the queue a dead-lettered message came from, or null. */
    public String deadLetterSource() {
        return deadLetterSource;
    }

    /** Application properties set by settlement (abandon/defer/dead-letter properties-to-modify, dead-letter reason). */
    public Map<String, Object> propertyChanges() {
        return propertyChanges;
    }

    boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    void state(MessageState value) {
        this.state = value;
    }

    void enqueuedTime(Instant value) {
        this.enqueuedTime = value;
    }

    void lock(UUID token, Instant until) {
        this.lockToken = token;
        this.lockedUntil = until;
        this.deliveryCount++;
    }

    void extendLock(Instant until) {
        this.lockedUntil = until;
    }

    void unlock() {
        this.lockToken = null;
        this.lockedUntil = null;
    }

    void countDeliveryWithoutLock() {
        this.deliveryCount++;
    }

    void deliveryCount(int value) {
        this.deliveryCount = value;
    }

    void deadLetterInfo(String reason, String description) {
        this.deadLetterReason = reason;
        this.deadLetterDescription = description;
    }

    void changeProperties(Map<String, Object> changes) {
        if (changes == null || changes.isEmpty()) {
            return;
        }
        Map<String, Object> merged = new LinkedHashMap<>(propertyChanges);
        merged.putAll(changes);
        this.propertyChanges = Collections.unmodifiableMap(merged);
    }
}
