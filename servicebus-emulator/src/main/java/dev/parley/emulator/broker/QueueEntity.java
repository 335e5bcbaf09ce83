package dev.parley.emulator.broker;

import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.broker.BrokerException.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue or a dead-letter sub-queue: ordering, locks, redelivery, sessions, deferral, scheduling, expiry and
 * duplicate detection. Every method runs on the broker thread; nothing here knows about AMQP.
 */
public final class QueueEntity {
    public static final String MAX_DELIVERY_COUNT_EXCEEDED = "MaxDeliveryCountExceeded";
    public static final String TTL_EXPIRED = "TTLExpiredException";
    public static final String DEAD_LETTER_REASON = "DeadLetterReason";
    public static final String DEAD_LETTER_DESCRIPTION = "DeadLetterErrorDescription";
    private static final Logger log = LoggerFactory.getLogger(QueueEntity.class);

    private final String path;
    private final QueueOptions options;
    private final QueueEntity deadLetters;
    private final Timers timers;
    private final Broker broker;
    private final DuplicateDetector duplicates;

    private long nextSequenceNumber = 1;
    /** Everything the queue holds (active, locked, deferred, scheduled), by sequence number. */
    private final TreeMap<Long, StoredMessage> messages = new TreeMap<>();
    /** Ready messages of a queue without sessions. */
    private final TreeMap<Long, StoredMessage> available = new TreeMap<>();
    private final Map<UUID, StoredMessage> locked = new HashMap<>();
    private final ArrayDeque<Consumer> consumers = new ArrayDeque<>();
    private final Map<String, MessageSession> sessions = new HashMap<>();
    /** Sessions with ready messages and no owner, oldest first. */
    private final LinkedHashMap<String, MessageSession> readySessions = new LinkedHashMap<>();
    private final ArrayDeque<PendingAccept> sessionWaiters = new ArrayDeque<>();

    QueueEntity(String path, QueueOptions options, QueueEntity deadLetters, Timers timers, Broker broker) {
        this.path = path;
        this.options = options;
        this.deadLetters = deadLetters;
        this.timers = timers;
        this.broker = broker;
        this.duplicates = new DuplicateDetector(options.duplicateDetectionHistoryTimeWindow());
    }

    public String path() {
        return path;
    }

    public boolean isDeadLetterQueue() {
        return deadLetters == null;
    }

    public boolean requiresSession() {
        return !isDeadLetterQueue() && options.requiresSession();
    }

    public Duration lockDuration() {
        return options.lockDuration();
    }

    // ---------------------------------------------------------------- sending

    /**
     * Enqueues (or schedules) a message.
     *
     * @return its sequence number, or -1 if it was dropped as a duplicate
     */
    public long send(IncomingMessage in) {
        if (requiresSession() && (in.sessionId() == null || in.sessionId().isEmpty())) {
            throw new BrokerException(ErrorCode.INVALID_FIELD, "The SessionId was not set on a message, and it cannot"
                    + " be sent to the entity. Entities that have session support enabled can only receive messages"
                    + " that have the SessionId set. Entity: " + path);
        }
        Instant now = timers.now();
        if (options.requiresDuplicateDetection() && !isDeadLetterQueue() && in.messageId() != null
                && duplicates.isDuplicate(in.messageId(), now)) {
            log.debug("duplicate dropped queue={} messageId={}", path, in.messageId());
            return -1;
        }
        boolean scheduled = in.scheduledEnqueueTime() != null && in.scheduledEnqueueTime().isAfter(now);
        Instant enqueued = scheduled ? in.scheduledEnqueueTime() : now;
        Duration ttl = effectiveTtl(in.timeToLive());
        Instant expiresAt = ttl == null ? null : enqueued.plus(ttl);
        StoredMessage m = new StoredMessage(nextSequenceNumber++, in.messageId(), in.sessionId(), in.payload(),
                enqueued, expiresAt, scheduled ? MessageState.SCHEDULED : MessageState.ACTIVE, null);
        messages.put(m.sequenceNumber(), m);
        long seq = m.sequenceNumber();
        log.debug("enqueued queue={} messageId={} sessionId={} seq={} scheduled={}", path, m.messageId(),
                m.sessionId(), seq, scheduled);
        if (scheduled) {
            timers.at(enqueued, () -> activateScheduled(seq));
        } else {
            makeAvailable(m);
        }
        if (expiresAt != null) {
            timers.at(expiresAt, () -> expire(seq));
        }
        return seq;
    }

    private Duration effectiveTtl(Duration own) {
        if (isDeadLetterQueue()) {
            return null;
        }
        Duration queueDefault = options.defaultMessageTimeToLive();
        if (own == null || own.isZero() || own.isNegative()) {
            return queueDefault;
        }
        return queueDefault == null || own.compareTo(queueDefault) < 0 ? own : queueDefault;
    }

    /** Removes a scheduled message before it becomes visible. */
    public void cancelScheduled(long sequenceNumber) {
        StoredMessage m = messages.get(sequenceNumber);
        if (m == null || m.state() != MessageState.SCHEDULED) {
            throw new BrokerException(ErrorCode.MESSAGE_NOT_FOUND,
                    "No scheduled message with sequence number " + sequenceNumber + " in " + path);
        }
        messages.remove(sequenceNumber);
        log.debug("scheduled message cancelled queue={} seq={}", path, sequenceNumber);
    }

    private void activateScheduled(long seq) {
        StoredMessage m = messages.get(seq);
        if (m == null || m.state() != MessageState.SCHEDULED) {
            return;
        }
        m.state(MessageState.ACTIVE);
        makeAvailable(m);
    }

    private void makeAvailable(StoredMessage m) {
        if (requiresSession()) {
            MessageSession s = sessions.computeIfAbsent(m.sessionId(), MessageSession::new);
            s.available.put(m.sequenceNumber(), m);
            if (s.owner != null) {
                dispatch(s);
            } else {
                offer(s);
            }
        } else {
            available.put(m.sequenceNumber(), m);
            dispatch();
        }
    }

    // ---------------------------------------------------------------- dispatching

    public void addConsumer(Consumer consumer) {
        consumers.add(consumer);
        dispatch();
    }

    public void removeConsumer(Consumer consumer) {
        consumers.remove(consumer);
    }

    /** Hands ready messages to consumers with credit, round robin. */
    public void dispatch() {
        if (broker.deliveriesStalled()) {
            return;
        }
        Instant now = timers.now();
        while (!available.isEmpty()) {
            Consumer c = nextConsumerWithCredit();
            if (c == null) {
                return;
            }
            StoredMessage m = available.pollFirstEntry().getValue();
            if (m.isExpired(now)) {
                expireNow(m);
                continue;
            }
            handOver(c, m, null, now);
        }
    }

    /** Hands a session's ready messages to its owner while it has credit. */
    public void dispatch(MessageSession s) {
        if (broker.deliveriesStalled() || s.owner == null) {
            return;
        }
        Instant now = timers.now();
        Consumer c = s.owner;
        while (!s.available.isEmpty() && c.credit() > 0 && s.owner == c) {
            StoredMessage m = s.available.pollFirstEntry().getValue();
            if (m.isExpired(now)) {
                expireNow(m);
                continue;
            }
            handOver(c, m, s, now);
        }
    }

    void dispatchAll() {
        dispatch();
        for (MessageSession s : List.copyOf(sessions.values())) {
            dispatch(s);
        }
    }

    private Consumer nextConsumerWithCredit() {
        for (int i = consumers.size(); i > 0; i--) {
            Consumer c = consumers.pollFirst();
            consumers.addLast(c);
            if (c.credit() > 0) {
                return c;
            }
        }
        return null;
    }

    private void handOver(Consumer c, StoredMessage m, MessageSession s, Instant now) {
        if (c.receiveAndDelete()) {
            m.countDeliveryWithoutLock();
            forget(m);
        } else {
            lock(m, s, now);
        }
        c.deliver(m);
    }

    private void lock(StoredMessage m, MessageSession s, Instant now) {
        UUID token = UUID.randomUUID();
        if (s != null) {
            m.lock(token, s.lockedUntil);
            s.locked.put(token, m);
        } else {
            Instant until = now.plus(options.lockDuration());
            m.lock(token, until);
            timers.at(until, () -> lockTimerFired(token));
        }
        locked.put(token, m);
    }

    private void lockTimerFired(UUID token) {
        StoredMessage m = locked.get(token);
        if (m == null || !m.lockToken().equals(token)) {
            return;
        }
        if (m.lockedUntil().isAfter(timers.now())) {
            timers.at(m.lockedUntil(), () -> lockTimerFired(token)); // renewed meanwhile
            return;
        }
        log.debug("lock expired queue={} messageId={} seq={}", path, m.messageId(), m.sequenceNumber());
        releaseLock(m, true);
    }

    /** Unlocks a message and returns it to where it belongs: ready, deferred, dead-letter or gone (expired). */
    private void releaseLock(StoredMessage m, boolean offerSession) {
        dropLock(m);
        Instant now = timers.now();
        if (m.isExpired(now)) {
            expireNow(m);
            return;
        }
        if (m.state() == MessageState.DEFERRED) {
            return;
        }
        if (m.deliveryCount() >= options.maxDeliveryCount() && !isDeadLetterQueue()) {
            deadLetter(m, MAX_DELIVERY_COUNT_EXCEEDED, "Message could not be consumed after "
                    + options.maxDeliveryCount() + " delivery attempts.");
            return;
        }
        if (offerSession) {
            makeAvailable(m);
        } else {
            // the caller offers the session once all its messages are back
            sessions.computeIfAbsent(m.sessionId(), MessageSession::new).available.put(m.sequenceNumber(), m);
        }
    }

    private void dropLock(StoredMessage m) {
        UUID token = m.lockToken();
        if (token == null) {
            return;
        }
        locked.remove(token);
        if (m.sessionId() != null) {
            MessageSession s = sessions.get(m.sessionId());
            if (s != null) {
                s.locked.remove(token);
            }
        }
        m.unlock();
    }

    // ---------------------------------------------------------------- settlement

    /** Applies a receiver's decision to a locked message. */
    public void settle(UUID lockToken, Settlement settlement) {
        StoredMessage m = locked.get(lockToken);
        if (m == null) {
            throw new BrokerException(requiresSession() ? ErrorCode.SESSION_LOCK_LOST : ErrorCode.MESSAGE_LOCK_LOST,
                    "The lock supplied is invalid. Either the lock expired, or the message has already been removed"
                            + " from the queue. Reference: " + lockToken + ", entity: " + path);
        }
        log.debug("settle queue={} messageId={} seq={} outcome={}", path, m.messageId(), m.sequenceNumber(),
                settlement.kind());
        m.changeProperties(settlement.propertiesToModify());
        switch (settlement.kind()) {
            case COMPLETE -> {
                dropLock(m);
                forget(m);
            }
            case ABANDON -> releaseLock(m, true);
            case DEFER -> {
                dropLock(m);
                m.state(MessageState.DEFERRED);
            }
            case DEAD_LETTER -> {
                dropLock(m);
                deadLetter(m, settlement.deadLetterReason(), settlement.deadLetterDescription());
            }
        }
        maybeForgetSession(m.sessionId());
    }

    /** Whether a lock token is currently valid. */
    public boolean holdsLock(UUID lockToken) {
        return locked.containsKey(lockToken);
    }

    /** Extends a message lock by the lock duration. */
    public Instant renewLock(UUID lockToken) {
        StoredMessage m = locked.get(lockToken);
        if (m == null) {
            throw new BrokerException(ErrorCode.MESSAGE_LOCK_LOST, "The lock supplied is invalid. Either the lock"
                    + " expired, or the message has already been removed from the queue. Reference: " + lockToken);
        }
        if (m.sessionId() != null && requiresSession()) {
            MessageSession s = sessions.get(m.sessionId());
            return s == null || s.lockedUntil == null ? m.lockedUntil() : s.lockedUntil;
        }
        Instant until = timers.now().plus(options.lockDuration());
        m.extendLock(until);
        return until;
    }

    private void deadLetter(StoredMessage m, String reason, String description) {
        forget(m);
        if (deadLetters == null) {
            return; // a dead-letter queue has no dead-letter queue: the message is simply removed
        }
        log.debug("dead-lettered queue={} messageId={} seq={} reason={}", path, m.messageId(), m.sequenceNumber(),
                reason);
        deadLetters.acceptDeadLetter(m, path, reason, description);
    }

    private void acceptDeadLetter(StoredMessage from, String source, String reason, String description) {
        StoredMessage d = new StoredMessage(nextSequenceNumber++, from.messageId(), from.sessionId(), from.payload(),
                timers.now(), null, MessageState.ACTIVE, source);
        d.deliveryCount(from.deliveryCount());
        d.changeProperties(from.propertyChanges());
        d.deadLetterInfo(reason, description);
        Map<String, Object> info = new LinkedHashMap<>();
        if (reason != null) {
            info.put(DEAD_LETTER_REASON, reason);
        }
        if (description != null) {
            info.put(DEAD_LETTER_DESCRIPTION, description);
        }
        d.changeProperties(info);
        messages.put(d.sequenceNumber(), d);
        available.put(d.sequenceNumber(), d);
        dispatch();
    }

    // ---------------------------------------------------------------- expiry

    private void expire(long seq) {
        StoredMessage m = messages.get(seq);
        if (m == null || m.isLocked() || m.state() == MessageState.SCHEDULED) {
            return; // gone, or handled when its lock is released, or re-checked after activation
        }
        if (m.sessionId() != null && requiresSession()) {
            MessageSession s = sessions.get(m.sessionId());
            if (s != null) {
                s.available.remove(seq);
            }
        } else {
            available.remove(seq);
        }
        expireNow(m);
        maybeForgetSession(m.sessionId());
    }

    private void expireNow(StoredMessage m) {
        log.debug("expired queue={} messageId={} seq={}", path, m.messageId(), m.sequenceNumber());
        if (options.deadLetteringOnMessageExpiration() && !isDeadLetterQueue()) {
            deadLetter(m, TTL_EXPIRED, "The message expired and was dead lettered.");
        } else {
            forget(m);
        }
    }

    private void forget(StoredMessage m) {
        messages.remove(m.sequenceNumber());
    }

    // ---------------------------------------------------------------- deferred and peeked messages

    /** Up to {@code count} messages from {@code fromSequenceNumber} on, without locking; optionally one session. */
    public List<StoredMessage> peek(long fromSequenceNumber, int count, String sessionId) {
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : messages.tailMap(fromSequenceNumber, true).values()) {
            if (out.size() >= count) {
                break;
            }
            if (sessionId == null || sessionId.equals(m.sessionId())) {
                out.add(m);
            }
        }
        return out;
    }

    /** Locks (or, in receive-and-delete mode, removes) deferred messages by sequence number. */
    public List<StoredMessage> receiveDeferred(long[] sequenceNumbers, String sessionId, boolean receiveAndDelete) {
        List<StoredMessage> out = new ArrayList<>();
        Instant now = timers.now();
        for (long seq : sequenceNumbers) {
            StoredMessage m = messages.get(seq);
            if (m == null || m.state() != MessageState.DEFERRED || m.isLocked()
                    || (requiresSession() && sessionId != null && !sessionId.equals(m.sessionId()))) {
                continue;
            }
            if (receiveAndDelete) {
                m.countDeliveryWithoutLock();
                forget(m);
            } else {
                MessageSession s = requiresSession() ? sessions.get(m.sessionId()) : null;
                lock(m, s != null && s.owner != null ? s : null, now);
            }
            out.add(m);
        }
        if (out.isEmpty()) {
            throw new BrokerException(ErrorCode.MESSAGE_NOT_FOUND, "No deferred message with the requested sequence"
                    + " numbers in " + path);
        }
        return out;
    }

    // ---------------------------------------------------------------- sessions

    /** Locks a named session for a consumer (creating it if it holds nothing yet). */
    public MessageSession acceptSession(String sessionId, Consumer consumer) {
        MessageSession s = sessions.computeIfAbsent(sessionId, MessageSession::new);
        if (s.owner != null) {
            throw new BrokerException(ErrorCode.SESSION_CANNOT_BE_LOCKED, "The requested session '" + sessionId
                    + "' cannot be accepted. It may be locked by another receiver. Entity: " + path);
        }
        lockSession(s, consumer);
        return s;
    }

    /**
     * Locks the next session with ready messages for a consumer, at once or as soon as one appears before
     * {@code deadline}; then calls {@code granted} (or {@code timedOut}).
     *
     * @return cancels the wait
     */
    public Runnable acceptNextSession(Consumer consumer, Instant deadline,
                                      java.util.function.Consumer<MessageSession> granted, Runnable timedOut) {
        Iterator<MessageSession> ready = readySessions.values().iterator();
        if (ready.hasNext()) {
            MessageSession s = ready.next();
            ready.remove();
            lockSession(s, consumer);
            granted.accept(s);
            return () -> { };
        }
        PendingAccept p = new PendingAccept(consumer, granted);
        sessionWaiters.add(p);
        p.timer = timers.at(deadline, () -> {
            if (sessionWaiters.remove(p)) {
                timedOut.run();
            }
        });
        return () -> {
            sessionWaiters.remove(p);
            p.timer.cancel();
        };
    }

    private void lockSession(MessageSession s, Consumer consumer) {
        s.owner = consumer;
        readySessions.remove(s.id());
        s.lockedUntil = timers.now().plus(options.lockDuration());
        scheduleSessionLockCheck(s, consumer);
        log.debug("session locked queue={} sessionId={}", path, s.id());
    }

    private void scheduleSessionLockCheck(MessageSession s, Consumer owner) {
        s.lockTimer = timers.at(s.lockedUntil, () -> {
            if (s.owner != owner) {
                return;
            }
            if (s.lockedUntil.isAfter(timers.now())) {
                scheduleSessionLockCheck(s, owner);
                return;
            }
            log.debug("session lock expired queue={} sessionId={}", path, s.id());
            releaseSession(s.id(), owner);
            owner.sessionLockLost(s.id());
        });
    }

    /** The owner let go of the session (detached or lost its lock): its locked messages become ready again. */
    public void releaseSession(String sessionId, Consumer owner) {
        MessageSession s = sessions.get(sessionId);
        if (s == null || s.owner != owner) {
            return;
        }
        s.owner = null;
        s.lockedUntil = null;
        if (s.lockTimer != null) {
            s.lockTimer.cancel();
            s.lockTimer = null;
        }
        for (StoredMessage m : List.copyOf(s.locked.values())) {
            releaseLock(m, false);
        }
        log.debug("session released queue={} sessionId={}", path, sessionId);
        offer(s);
        maybeForgetSession(sessionId);
    }

    /** Gives an unowned session with ready messages to the first waiting receiver, or marks it ready. */
    private void offer(MessageSession s) {
        if (s.owner != null) {
            return;
        }
        if (s.available.isEmpty()) {
            readySessions.remove(s.id());
            return;
        }
        PendingAccept p = sessionWaiters.poll();
        if (p == null) {
            readySessions.putIfAbsent(s.id(), s);
            return;
        }
        p.timer.cancel();
        lockSession(s, p.consumer);
        p.granted.accept(s);
        dispatch(s);
    }

    public Instant renewSessionLock(String sessionId) {
        MessageSession s = ownedSession(sessionId);
        s.lockedUntil = timers.now().plus(options.lockDuration());
        for (StoredMessage m : s.locked.values()) {
            m.extendLock(s.lockedUntil);
        }
        return s.lockedUntil;
    }

    public Optional<byte[]> sessionState(String sessionId) {
        MessageSession s = ownedSession(sessionId);
        return Optional.ofNullable(s.state);
    }

    /** Sets (or, with null, clears) a locked session's state. */
    public void sessionState(String sessionId, byte[] state) {
        MessageSession s = ownedSession(sessionId);
        s.state = state == null ? null : state.clone();
    }

    private MessageSession ownedSession(String sessionId) {
        MessageSession s = sessionId == null ? null : sessions.get(sessionId);
        if (s == null || s.owner == null) {
            throw new BrokerException(ErrorCode.SESSION_LOCK_LOST, "The session lock has expired on the session '"
                    + sessionId + "', or the session is not locked. Entity: " + path);
        }
        return s;
    }

    private void maybeForgetSession(String sessionId) {
        if (sessionId == null) {
            return;
        }
        MessageSession s = sessions.get(sessionId);
        if (s != null && s.isForgettable()) {
            sessions.remove(sessionId);
            readySessions.remove(sessionId);
        }
    }

    // ---------------------------------------------------------------- inspection (tests and tools)

    public List<StoredMessage> messages(Predicate<StoredMessage> filter) {
        List<StoredMessage> out = new ArrayList<>();
        for (StoredMessage m : messages.values()) {
            if (filter.test(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** A session's state regardless of who holds its lock. */
    public Optional<byte[]> inspectSessionState(String sessionId) {
        MessageSession s = sessions.get(sessionId);
        return s == null || s.state == null ? Optional.empty() : Optional.of(s.state.clone());
    }

    public int size() {
        return messages.size();
    }

    private static final class PendingAccept {
        final Consumer consumer;
        final java.util.function.Consumer<MessageSession> granted;
        Timers.Timer timer;

        PendingAccept(Consumer consumer, java.util.function.Consumer<MessageSession> granted) {
            this.consumer = consumer;
            this.granted = granted;
        }
    }
}
