package dev.parley.worker.intake;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Full-jitter exponential pause for a slot that found no session: no tight loop, no herd of slots waking together. */
final class IdleBackoff {

    private final long minNanos;
    private final long maxNanos;
    private int attempt;

    IdleBackoff(Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The next pause: between {@code min} and a ceiling that doubles per idle attempt, up to {@code max}. */
    Duration next() {
        long ceiling = minNanos << Math.min(attempt, 20);
        if (ceiling <= 0 || ceiling > maxNanos) {
            ceiling = maxNanos;
        }
        attempt++;
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(minNanos, ceiling + 1));
    }

    void reset() {
        attempt = 0;
    }
}
