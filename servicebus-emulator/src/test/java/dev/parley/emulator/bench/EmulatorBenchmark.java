package dev.parley.emulator.bench;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusErrorContext;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusSenderAsyncClient;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Throughput and latency of the embedded emulator through the real SDK: an async sender, and a
 * peek-lock processor that completes each message, on a plain queue, 1 session and 16 sessions.
 * Not a test: run with {@code ./mvnw -Pbench -pl servicebus-emulator -am verify}.
 *
 * <p>Each scenario runs twice after a warm-up. The <em>throughput</em> run keeps up to
 * {@code bench.window} messages in flight (sent, not yet completed); the <em>latency</em> run keeps one
 * per session, so send-to-receive time is the emulator's and the SDK's own, not time spent queueing.
 */
public final class EmulatorBenchmark {

    private static final String SENT_AT = "bench-sent-at-nanos";
    private static final String PLAIN_QUEUE = "bench-queue";
    private static final String SESSION_QUEUE = "bench-sessions";
    private static final String EMULATOR_THREAD_PREFIX = "servicebus-emulator";

    private final int messages = Integer.getInteger("bench.messages", 20_000);
    private final int warmup = Integer.getInteger("bench.warmup", 5_000);
    private final int window = Integer.getInteger("bench.window", 256);
    private final byte[] body = new byte[Integer.getInteger("bench.body-bytes", 512)];
    private final int prefetch = Integer.getInteger("bench.prefetch", 0);
    private final int latencyMessages = Integer.getInteger("bench.latency-messages", 2_000);
    private final List<Scenario> scenarios = Arrays.stream(
            System.getProperty("bench.scenarios", "PLAIN,ONE_SESSION,SIXTEEN_SESSIONS").split(","))
        .map(String::trim).map(Scenario::valueOf).toList();

    private EmulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        new EmulatorBenchmark().run();
        // SDK and reactor threads are not all daemons.
        System.exit(0);
    }

    private void run() throws InterruptedException {
        Arrays.fill(body, (byte) 'x');
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder(PLAIN_QUEUE).lockDuration(Duration.ofSeconds(60)).build())
                .queue(QueueOptions.builder(SESSION_QUEUE).requiresSession(true)
                    .lockDuration(Duration.ofSeconds(60)).build())
                .build()
                .start()) {
            System.out.printf(Locale.ROOT, "Service Bus emulator benchmark: %d messages per run, %d-byte bodies, "
                + "%d warm-up messages, throughput window %d, processor prefetch %d%n",
                messages, body.length, warmup, window, prefetch);
            System.out.printf(Locale.ROOT, "%-12s %-10s %7s %9s %8s %8s %8s %8s %7s%n",
                "scenario", "run", "window", "messages", "msg/s", "p50 ms", "p99 ms", "emu CPU", "errors");
            for (Scenario scenario : scenarios) {
                measure(emulator, scenario, "warm-up", warmup, window);
                print(scenario, "throughput", window, measure(emulator, scenario, "throughput", messages, window));
                int perSession = scenario.sessions == 0 ? 16 : scenario.sessions;
                print(scenario, "latency", perSession,
                    measure(emulator, scenario, "latency", latencyMessages, perSession));
            }
        }
    }

    private Result measure(ServiceBusEmulator emulator, Scenario scenario, String run, int count, int inFlight)
            throws InterruptedException {
        // Producer and consumer on separate connections, as the chat bridge and a worker would be.
        ServiceBusClientBuilder producer = clientBuilder(emulator);
        ServiceBusClientBuilder consumer = clientBuilder(emulator);
        long[] latencies = new long[count];
        AtomicInteger received = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(count);
        Consumer<ServiceBusReceivedMessageContext> onMessage = context -> {
            long sentAt = (Long) context.getMessage().getApplicationProperties().get(SENT_AT);
            int index = received.getAndIncrement();
            if (index < count) {
                latencies[index] = System.nanoTime() - sentAt;
            }
            context.complete();
            permits.release();
            done.countDown();
        };
        Consumer<ServiceBusErrorContext> onError = error -> errors.incrementAndGet();

        try (ServiceBusProcessorClient processor = scenario.processor(consumer, prefetch, onMessage, onError);
             ServiceBusSenderAsyncClient sender = producer.sender().queueName(scenario.queue()).buildAsyncClient()) {
            processor.start();
            long emulatorCpuBefore = emulatorCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                permits.acquire();
                ServiceBusMessage message = new ServiceBusMessage(body).setMessageId(run + "-" + i);
                if (scenario.sessions > 0) {
                    message.setSessionId("session-" + (i % scenario.sessions));
                }
                message.getApplicationProperties().put(SENT_AT, System.nanoTime());
                sender.sendMessage(message).subscribe(null, failure -> {
                    errors.incrementAndGet();
                    permits.release();
                    done.countDown();
                });
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(scenario + " " + run + ": only " + received.get() + " of " + count
                    + " messages arrived within 5 minutes");
            }
            long elapsed = System.nanoTime() - start;
            long emulatorCpu = emulatorCpuNanos() - emulatorCpuBefore;
            return new Result(count, elapsed, emulatorCpu,
                Arrays.copyOf(latencies, Math.min(received.get(), count)), errors.get());
        }
    }

    /** CPU time of the emulator's own threads, to show whether the emulator or the SDK is the limit. */
    private static long emulatorCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(EMULATOR_THREAD_PREFIX)) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static ServiceBusClientBuilder clientBuilder(ServiceBusEmulator emulator) {
        return new ServiceBusClientBuilder()
            .connectionString(emulator.connectionString())
            .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)));
    }

    private static void print(Scenario scenario, String run, int inFlight, Result result) {
        System.out.printf(Locale.ROOT, "%-12s %-10s %7d %9d %8.0f %8.2f %8.2f %7.0f%% %7d%n", scenario.label, run,
            inFlight, result.count, result.perSecond(), result.percentileMillis(50), result.percentileMillis(99),
            result.emulatorCpuPercent(), result.errors);
    }

    private enum Scenario {
        /** Non-session queue, 16 concurrent calls: the same parallelism as 16 sessions. */
        PLAIN("queue x16", 0),
        ONE_SESSION("1 session", 1),
        SIXTEEN_SESSIONS("16 sessions", 16);

        private final String label;
        private final int sessions;

        Scenario(String label, int sessions) {
            this.label = label;
            this.sessions = sessions;
        }

        String queue() {
            return sessions == 0 ? PLAIN_QUEUE : SESSION_QUEUE;
        }

        ServiceBusProcessorClient processor(ServiceBusClientBuilder builder, int prefetch,
                                            Consumer<ServiceBusReceivedMessageContext> onMessage,
                                            Consumer<ServiceBusErrorContext> onError) {
            if (sessions == 0) {
                return builder.processor().queueName(queue()).disableAutoComplete().prefetchCount(prefetch)
                    .maxConcurrentCalls(16)
                    .processMessage(onMessage).processError(onError).buildProcessorClient();
            }
            return builder.sessionProcessor().queueName(queue()).disableAutoComplete().prefetchCount(prefetch)
                .maxConcurrentSessions(sessions)
                .processMessage(onMessage).processError(onError).buildProcessorClient();
        }
    }

    private record Result(int count, long elapsedNanos, long emulatorCpuNanos, long[] latencies, long errors) {

        Result {
            latencies = latencies.clone();
            Arrays.sort(latencies);
        }

        double perSecond() {
            return count / (elapsedNanos / 1e9);
        }

        /** Share of one core the emulator's threads used during the run. */
        double emulatorCpuPercent() {
            return 100.0 * emulatorCpuNanos / elapsedNanos;
        }

        double percentileMillis(int percentile) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percentile / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, index)] / 1e6;
        }
    }
}
