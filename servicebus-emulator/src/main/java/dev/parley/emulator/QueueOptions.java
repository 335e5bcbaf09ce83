package dev.parley.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One queue's settings, named as in Microsoft's emulator {@code Config.json}. Defaults are Service Bus's:
 * lock 60 s, 10 deliveries, no expiry, no sessions, no duplicate detection (window 10 min when enabled).
 */
public record QueueOptions(
        String name,
        boolean requiresSession,
        Duration lockDuration,
        int maxDeliveryCount,
        Duration defaultMessageTimeToLive,
        boolean deadLetteringOnMessageExpiration,
        boolean requiresDuplicateDetection,
        Duration duplicateDetectionHistoryTimeWindow) {

    public QueueOptions {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.contains("$")) {
            throw new IllegalArgumentException("queue name must be non-blank and contain no '$': " + name);
        }
        requirePositive(lockDuration, "lockDuration");
        requirePositive(duplicateDetectionHistoryTimeWindow, "duplicateDetectionHistoryTimeWindow");
        if (defaultMessageTimeToLive != null) {
            requirePositive(defaultMessageTimeToLive, "defaultMessageTimeToLive");
        }
        if (maxDeliveryCount < 1) {
            throw new IllegalArgumentException("maxDeliveryCount must be at least 1, was " + maxDeliveryCount);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, was " + d);
        }
    }

    public static final class Builder {
        private final String name;
        private boolean requiresSession;
        private Duration lockDuration = Duration.ofSeconds(60);
        private int maxDeliveryCount = 10;
        private Duration defaultMessageTimeToLive;
        private boolean deadLetteringOnMessageExpiration;
        private boolean requiresDuplicateDetection;
        private Duration duplicateDetectionHistoryTimeWindow = Duration.ofMinutes(10);

        private Builder(String name) {
            this.name = name;
        }

        public Builder requiresSession(boolean value) {
            this.requiresSession = value;
            return this;
        }

        public Builder lockDuration(Duration value) {
            this.lockDuration = value;
            return this;
        }

        public Builder maxDeliveryCount(int value) {
            this.maxDeliveryCount = value;
            return this;
        }

        /** {@code null} means messages never expire unless they carry their own time-to-live. */
        public Builder defaultMessageTimeToLive(Duration value) {
            this.defaultMessageTimeToLive = value;
            return this;
        }

        public Builder deadLetteringOnMessageExpiration(boolean value) {
            this.deadLetteringOnMessageExpiration = value;
            return this;
        }

        public Builder requiresDuplicateDetection(boolean value) {
            this.requiresDuplicateDetection = value;
            return this;
        }

        public Builder duplicateDetectionHistoryTimeWindow(Duration value) {
            this.duplicateDetectionHistoryTimeWindow = value;
            return this;
        }

        public QueueOptions build() {
            return new QueueOptions(name, requiresSession, lockDuration, maxDeliveryCount, defaultMessageTimeToLive,
                    deadLetteringOnMessageExpiration, requiresDuplicateDetection, duplicateDetectionHistoryTimeWindow);
        }
    }
}
