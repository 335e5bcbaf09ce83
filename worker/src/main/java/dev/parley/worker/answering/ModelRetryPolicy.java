package dev.parley.worker.answering;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.DateTimeRfc1123;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

/**
 * The one retry layer between Parley and Azure OpenAI.
 *
 * <p>azure-core's own {@code RetryPolicy} is set to zero retries and LangChain4j's {@code maxRetries}
 * to 0 (it retries without any delay), so this policy alone decides. It waits what a 429's
 * {@code retry-after-ms}, {@code x-ms-retry-after-ms} or {@code Retry-After} asks (exponential backoff
 * without one), and retries a 5xx, a 408, a timeout or a broken connection up to {@code maxRetries}
 * times. Nothing is retried once the time spent plus the next wait would exceed {@code budget}: the
 * question is being answered inside a session lock, and a reply that says the model is unavailable
 * beats a lost lock. It sits before the bearer-token policy, so every attempt has a fresh token.
 */
final class ModelRetryPolicy implements HttpPipelinePolicy {

    private static final Logger log = LoggerFactory.getLogger(ModelRetryPolicy.class);
    private static final Duration BASE_DELAY = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

    private final Duration budget;
    private final int maxRetries;
    private final LongSupplier nanoTime;

    ModelRetryPolicy(Duration budget, int maxRetries) {
        this(budget, maxRetries, System::nanoTime);
    }

    ModelRetryPolicy(Duration budget, int maxRetries, LongSupplier nanoTime) {
        this.budget = budget;
        this.maxRetries = maxRetries;
        this.nanoTime = nanoTime;
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_CALL;
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        Attempts attempts = new Attempts(context.getHttpRequest());
        while (true) {
            context.setHttpRequest(attempts.original.copy());
            HttpResponse response;
            try {
                response = next.clone().processSync();
            } catch (RuntimeException e) {
                Optional<Duration> wait = attempts.afterError(e);
                if (wait.isEmpty() || !sleep(wait.get())) {
                    throw e;
                }
                continue;
            }
            Optional<Duration> wait = attempts.afterResponse(response);
            if (wait.isEmpty()) {
                return response;
            }
            response.close();
            if (!sleep(wait.get())) {
                // Interrupted (shutdown): the last response is gone; report the interruption as the failure.
                throw new IllegalStateException("interrupted while waiting to retry the model call");
            }
        }
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return attemptAsync(context, next, new Attempts(context.getHttpRequest()));
    }

    private Mono<HttpResponse> attemptAsync(HttpPipelineCallContext context, HttpPipelineNextPolicy next, Attempts attempts) {
        context.setHttpRequest(attempts.original.copy());
        // Each outcome is judged once: a retried attempt's own result passes straight through.
        return next.clone().process()
                .<Object>map(response -> response)
                .onErrorResume(error -> Mono.just(new Failed(error)))
                .flatMap(outcome -> {
                    if (outcome instanceof Failed failed) {
                        Optional<Duration> wait = attempts.afterError(failed.error());
                        return wait.isEmpty()
                                ? Mono.error(failed.error())
                                : Mono.delay(wait.get()).then(Mono.defer(() -> attemptAsync(context, next, attempts)));
                    }
                    HttpResponse response = (HttpResponse) outcome;
                    Optional<Duration> wait = attempts.afterResponse(response);
                    if (wait.isEmpty()) {
                        return Mono.just(response);
                    }
                    response.close();
                    return Mono.delay(wait.get()).then(Mono.defer(() -> attemptAsync(context, next, attempts)));
                });
    }

    private record Failed(Throwable error) {
    }

    /** The retry state of one model call: what was sent, when it started, what has been retried. */
    private final class Attempts {
        final HttpRequest original;
        final long startNanos = nanoTime.getAsLong();
        int throttled;
        int failed;

        Attempts(HttpRequest original) {
            this.original = original;
        }

        Optional<Duration> afterResponse(HttpResponse response) {
            int status = response.getStatusCode();
            if (status == 429) {
                Duration wait = retryAfter(response.getHeaders()).orElseGet(() -> backoff(throttled));
                throttled++;
                return withinBudget("throttled (429)", wait);
            }
            if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504) {
                if (failed >= maxRetries) {
                    return Optional.empty();
                }
                Duration wait = retryAfter(response.getHeaders()).orElseGet(() -> backoff(failed));
                failed++;
                return withinBudget("answered " + status, wait);
            }
            return Optional.empty();
        }

        Optional<Duration> afterError(Throwable error) {
            if (!isTransient(error) || failed >= maxRetries) {
                return Optional.empty();
            }
            Duration wait = backoff(failed);
            failed++;
            return withinBudget("failed (" + rootMessage(error) + ")", wait);
        }

        private Optional<Duration> withinBudget(String what, Duration wait) {
            Duration spent = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
            if (spent.plus(wait).compareTo(budget) > 0) {
                log.warn("conversation={} message={} model {}; not retrying: waiting {} ms more would pass the {} s"
                                + " throttle budget ({} ms spent)", MDC.get(AzureOpenAiAnswerer.MDC_CONVERSATION),
                        MDC.get(AzureOpenAiAnswerer.MDC_MESSAGE), what, wait.toMillis(), budget.toSeconds(), spent.toMillis());
                return Optional.empty();
            }
            log.info("conversation={} message={} model {}; retrying in {} ms ({} ms of the {} s budget spent)",
                    MDC.get(AzureOpenAiAnswerer.MDC_CONVERSATION), MDC.get(AzureOpenAiAnswerer.MDC_MESSAGE), what,
                    wait.toMillis(), spent.toMillis(), budget.toSeconds());
            return Optional.of(wait);
        }
    }

    /** The wait a throttled response asks for, from the headers Azure OpenAI and azure-core use. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        for (HttpHeaderName name : new HttpHeaderName[] {HttpHeaderName.RETRY_AFTER_MS, HttpHeaderName.X_MS_RETRY_AFTER_MS}) {
            String value = headers.getValue(name);
            if (value != null) {
                try {
                    return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(value.strip()))));
                } catch (NumberFormatException ignored) {
                    // fall through to the next header
                }
            }
        }
        String value = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.strip()) * 1000))));
        } catch (NumberFormatException notSeconds) {
            try {
                OffsetDateTime at = new DateTimeRfc1123(value.strip()).getDateTime();
                Duration wait = Duration.between(OffsetDateTime.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    static Duration backoff(int retry) {
        Duration d = BASE_DELAY.multipliedBy(1L << Math.min(retry, 10));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof IOException
                    || t instanceof io.netty.handler.timeout.TimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
