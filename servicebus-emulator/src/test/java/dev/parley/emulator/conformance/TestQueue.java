package dev.parley.emulator.conformance;

/**
 * Every queue the conformance suite uses, as declared in {@code conformance/Config.json}.
 * Each test owns its queue (or a unique session id on a shared session queue), so no test
 * depends on what another one left behind.
 */
public enum TestQueue {
    SEND_SINGLE("send-single"),
    SEND_BATCH("send-batch"),
    SEND_LARGE("send-large"),
    SCHEDULE("schedule"),
    SCHEDULE_ANNOTATION("schedule-annotation"),
    SCHEDULE_CANCEL("schedule-cancel"),
    SCHEDULE_PEEK("schedule-peek"),
    SEND_AFTER_ERROR("send-after-error"),
    RECEIVE_PEEK_LOCK("receive-peek-lock"),
    RECEIVE_SEQUENCE("receive-sequence"),
    RECEIVE_AND_DELETE("receive-and-delete"),
    PEEK("peek"),
    /** LockDuration PT5S. */
    RENEW_LOCK("renew-lock"),
    PROCESSOR("processor"),
    SETTLE_COMPLETE("settle-complete"),
    SETTLE_ABANDON("settle-abandon"),
    SETTLE_ABANDON_MODIFY("settle-abandon-modify"),
    SETTLE_DEFER("settle-defer"),
    SETTLE_DEFER_PEEK("settle-defer-peek"),
    SETTLE_DEAD_LETTER("settle-dead-letter"),
    /** LockDuration PT5S. */
    LOCK_EXPIRY("lock-expiry"),
    /** LockDuration PT5S. */
    LOCK_LOST("lock-lost"),
    /** MaxDeliveryCount 2. */
    MAX_DELIVERY("max-delivery"),
    /** DefaultMessageTimeToLive PT5M (the least Microsoft's emulator accepts), DeadLetteringOnMessageExpiration. */
    TTL("ttl"),
    /** DefaultMessageTimeToLive PT1H, DeadLetteringOnMessageExpiration: the message's own TTL decides. */
    TTL_MESSAGE("ttl-message"),
    /** RequiresDuplicateDetection, window PT1M. */
    DUPLICATE_DETECTION("duplicate-detection"),
    /** RequiresSession; tests use unique session ids. */
    SESSIONS("sessions"),
    /** RequiresSession; only the next-available test sends here. */
    SESSIONS_NEXT("sessions-next"),
    /** RequiresSession; nothing is ever sent here. */
    SESSIONS_EMPTY("sessions-empty"),
    /** RequiresSession, LockDuration PT5S; tests use unique session ids. */
    SESSIONS_SHORT_LOCK("sessions-short-lock"),
    /** RequiresSession; only messages without a session id are sent here, and refused. */
    SESSIONS_REJECT("sessions-reject"),
    TX_COMMIT("tx-commit"),
    /** LockDuration PT5S. */
    TX_ROLLBACK("tx-rollback"),
    TX_VIA_SOURCE("tx-via-source"),
    TX_VIA_TARGET("tx-via-target"),
    /** RequiresSession; used by the Spring Cloud Azure session processor. */
    SPRING_SESSIONS("spring-sessions");

    /** The lock duration of the PT5S queues, for waits that must outlast a lock. */
    public static final java.time.Duration SHORT_LOCK = java.time.Duration.ofSeconds(5);

    private final String configName;

    TestQueue(String configName) {
        this.configName = configName;
    }

    /** The queue's name in {@code Config.json}. */
    public String configName() {
        return configName;
    }
}
