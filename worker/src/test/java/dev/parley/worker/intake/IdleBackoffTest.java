package dev.parley.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleBackoffTest {

    @Test
    void pausesStayBetweenMinAndMaxAndGrowWithIdleAttempts() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 200; i++) {
            Duration pause = backoff.next();
            assertThat(pause).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
            longest = pause.compareTo(longest) > 0 ? pause : longest;
        }
        assertThat(longest).as("after many idle attempts the ceiling is max").isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void theFirstPauseAfterAResetIsShort() {
        IdleBackoff backoff = new IdleBackoff(Duration.ofMillis(100), Duration.ofSeconds(10));
        for (int i = 0; i < 30; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(100));
    }
}
