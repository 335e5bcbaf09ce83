package dev.parley.worker.answering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Model-call metrics: {@code parley.model.latency} (timer, tag {@code outcome}) and
 * {@code parley.model.tokens} (counter, tag {@code kind=prompt|completion}). Without a registry, nothing is recorded.
 */
final class ModelMetrics {

    static final String LATENCY = "parley.model.latency";
    static final String TOKENS = "parley.model.tokens";

    private final MeterRegistry registry;
    private final Counter promptTokens;
    private final Counter completionTokens;

    ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.promptTokens = registry == null ? null : Counter.builder(TOKENS).tag("kind", "prompt")
                .description("Prompt tokens sent to the model").register(registry);
        this.completionTokens = registry == null ? null : Counter.builder(TOKENS).tag("kind", "completion")
                .description("Completion tokens the model returned").register(registry);
    }

    void record(Answer answer, Duration latency) {
        if (registry == null) {
            return;
        }
        String outcome = switch (answer) {
            case Answer.Answered a -> "answered";
            case Answer.Rejected r -> "rejected";
            case Answer.Unavailable u -> "unavailable";
        };
        Timer.builder(LATENCY).tag("outcome", outcome).description("Time of one model call, retries included")
                .register(registry).record(latency);
        if (answer instanceof Answer.Answered a) {
            promptTokens.increment(a.promptTokens());
            completionTokens.increment(a.completionTokens());
        }
    }
}
