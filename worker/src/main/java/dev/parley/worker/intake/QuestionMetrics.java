package dev.parley.worker.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code parley.questions{outcome}} and {@code parley.conversations.held}. */
public final class QuestionMetrics {

    private final Map<TurnOutcome, Counter> questions = new EnumMap<>(TurnOutcome.class);
    private final AtomicInteger held = new AtomicInteger();

    public QuestionMetrics(MeterRegistry registry) {
        for (TurnOutcome outcome : TurnOutcome.values()) {
            questions.put(outcome, Counter.builder("parley.questions")
                    .description("Questions taken off the question queue, by how they ended")
                    .tag("outcome", outcome.tag())
                    .register(registry));
        }
        Gauge.builder("parley.conversations.held", held, AtomicInteger::get)
                .description("Conversations (sessions) this worker holds the lock of")
                .register(registry);
    }

    void record(TurnOutcome outcome) {
        questions.get(outcome).increment();
    }

    void sessionHeld() {
        held.incrementAndGet();
    }

    void sessionReleased() {
        held.decrementAndGet();
    }

    public int held() {
        return held.get();
    }
}
