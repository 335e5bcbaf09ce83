package dev.parley.worker.intake;

import dev.parley.contract.ParleyProtocol;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the worker takes conversations from the question queue ({@code parley.intake.*}).
 *
 * @param questionQueue the session-enabled queue questions arrive on
 * @param maxConcurrentConversations sessions held at once, one slot (thread) each
 * @param sessionIdleTimeout how long a held session may stay without a new message before it is released
 * @param maxLockRenewal how long the session lock is renewed automatically while a turn runs
 * @param backoff pause between attempts when no session is available or the broker is unreachable
 * @param drainTimeout on shutdown, how long in-flight turns may take to finish before they are released
 */
@Validated
@ConfigurationProperties("parley.intake")
public record IntakeProperties(
        @DefaultValue(ParleyProtocol.DEFAULT_QUESTION_QUEUE)
        @NotBlank(message = "set parley.intake.question-queue (PARLEY_INTAKE_QUESTION_QUEUE) to the question queue's name")
        String questionQueue,
        @DefaultValue("8")
        @Min(value = 1, message = "set parley.intake.max-concurrent-conversations (PARLEY_INTAKE_MAX_CONCURRENT_CONVERSATIONS) to at least 1")
        @Max(value = 1024, message = "set parley.intake.max-concurrent-conversations (PARLEY_INTAKE_MAX_CONCURRENT_CONVERSATIONS) to at most 1024; scale out with more pods instead")
        int maxConcurrentConversations,
        @DefaultValue("5s") @NotNull Duration sessionIdleTimeout,
        @DefaultValue("5m") @NotNull Duration maxLockRenewal,
        @DefaultValue @Valid @NotNull Backoff backoff,
        @DefaultValue("25s") @NotNull Duration drainTimeout) {

    /**
     * Jittered exponential pause used while no session is available.
     *
     * @param min the first pause
     * @param max the longest pause
     */
    public record Backoff(@DefaultValue("200ms") @NotNull Duration min, @DefaultValue("5s") @NotNull Duration max) {

        @AssertTrue(message = "set parley.intake.backoff.min (PARLEY_INTAKE_BACKOFF_MIN) above zero and not above parley.intake.backoff.max (PARLEY_INTAKE_BACKOFF_MAX)")
        boolean isOrdered() {
            return min == null || max == null || (min.isPositive() && min.compareTo(max) <= 0);
        }
    }

    @AssertTrue(message = "set parley.intake.session-idle-timeout (PARLEY_INTAKE_SESSION_IDLE_TIMEOUT) above zero, e.g. 5s")
    boolean isSessionIdleTimeoutPositive() {
        return sessionIdleTimeout == null || sessionIdleTimeout.isPositive();
    }

    @AssertTrue(message = "set parley.intake.max-lock-renewal (PARLEY_INTAKE_MAX_LOCK_RENEWAL) above zero and longer than the slowest model call, e.g. 5m")
    boolean isMaxLockRenewalPositive() {
        return maxLockRenewal == null || maxLockRenewal.isPositive();
    }

    @AssertTrue(message = "set parley.intake.drain-timeout (PARLEY_INTAKE_DRAIN_TIMEOUT) to zero or more and below the pod's terminationGracePeriodSeconds")
    boolean isDrainTimeoutValid() {
        return drainTimeout == null || !drainTimeout.isNegative();
    }
}
