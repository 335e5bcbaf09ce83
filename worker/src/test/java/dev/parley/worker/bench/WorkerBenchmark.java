package dev.parley.worker.bench;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.QuestionBody;
import dev.parley.emulator.EmulatedMessage;
import dev.parley.worker.ParleyHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker's figures (not a test): pipeline overhead, throughput against the ideal, time from
 * JVM launch of the packaged jar to the first answer, resident memory. Prints a Markdown section
 * for BENCHMARKS.md. Run with {@code ./mvnw -B -ntp -pl worker -am -Pbench -DskipTests verify}.
 */
public final class WorkerBenchmark {

    private static final Duration MODEL_LATENCY = Duration.ofMillis(500);

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "worker/target/worker-0.1.0-SNAPSHOT.jar");
        StringBuilder out = new StringBuilder();
        List<String> only = args.length > 1 ? List.of(args[1].split(",")) : List.of("overhead", "throughput", "startup");
        try {
            if (only.contains("overhead")) {
                overhead(out);
                report(out);
            }
            if (only.contains("throughput")) {
                for (int conversations : new int[] {8, 64, 256}) {
                    throughput(out, conversations);
                    report(out);
                }
            }
            if (only.contains("startup")) {
                startupAndMemory(out, jar);
            }
        } finally {
            report(out);
            System.exit(0); // Reactor/Netty leave non-daemon threads behind
        }
    }

    private static void report(StringBuilder out) {
        System.out.println("\n===== worker benchmark (so far) =====\n" + out);
        System.out.flush();
    }

    /** End-to-end minus model time with a ~0 ms model: one question at a time, held session and new session. */
    static void overhead(StringBuilder out) {
        try (ParleyHarness parley = ParleyHarness.builder().modelLatency(Duration.ZERO).start()) {
            parley.startWorker("parley.intake.session-idle-timeout=5s");
            for (String mode : List.of("same conversation (session held)", "new conversation each time")) {
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < 230; i++) {
                    String conversation = mode.startsWith("same") ? "overhead-held" : "overhead-" + i;
                    Instant sent = Instant.now();
                    String id = parley.ask(conversation, "ping " + i);
                    EmulatedMessage reply = awaitReply(parley, id);
                    if (i >= 30) { // warm-up
                        micros.add(Duration.between(sent, reply.enqueuedTime()).toNanos() / 1_000);
                    }
                }
                micros.sort(Long::compare);
                out.append(String.format(Locale.ROOT,
                        "| pipeline overhead, %s (model latency 0 ms, %d questions one at a time) | p50 %.1f ms, p99 %.1f ms |%n",
                        mode, micros.size(), pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0));
            }
        }
    }

    /** Backlog of conversations × 6 questions, 500 ms model: replies per second between the 10th and 90th percentile. */
    static void throughput(StringBuilder out, int conversations) {
        int perConversation = 6;
        try (ParleyHarness parley = ParleyHarness.builder().modelLatency(MODEL_LATENCY).start()) {
            List<String> ids = preload(parley, conversations, perConversation);
            ConfigurableApplicationContext worker = parley.startWorker(
                    "parley.intake.max-concurrent-conversations=" + conversations,
                    "parley.intake.session-idle-timeout=2s");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (replyCount(parley) < ids.size() && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
            List<Instant> times = parley.emulator().queue(ParleyHarness.REPLIES).activeMessages().stream()
                    .map(EmulatedMessage::enqueuedTime).sorted().toList();
            int lo = times.size() / 10;
            int hi = times.size() * 9 / 10;
            double seconds = Duration.between(times.get(lo), times.get(hi)).toNanos() / 1e9;
            double rate = (hi - lo) / seconds;
            double ideal = conversations / (MODEL_LATENCY.toMillis() / 1000.0);
            out.append(String.format(Locale.ROOT,
                    "| throughput, %d conversations × %d questions, model 500 ms, max-concurrent-conversations=%d | %.1f answers/s of ideal %.1f = **%.0f %%** (%d/%d answered) |%n",
                    conversations, perConversation, conversations, rate, ideal, 100 * rate / ideal, times.size(),
                    ids.size()));
            worker.close();
        }
    }

    /** JVM launch of the packaged jar (local profile, offline answers) to its first reply; RSS idle and under load. */
    static void startupAndMemory(StringBuilder out, Path jar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            out.append("| time to first answer | skipped: ").append(jar).append(" not built |\n");
            return;
        }
        try (ParleyHarness parley = ParleyHarness.builder().offline().start()) {
            String first = parley.ask("startup", "first question");
            String java = ProcessHandle.current().info().command().orElse("java");
            Instant launched = Instant.now();
            Process worker = new ProcessBuilder(java, "-jar", jar.toString(), "--spring.profiles.active=local",
                    "--spring.cloud.azure.servicebus.connection-string=" + parley.emulator().connectionString(),
                    "--server.port=0", "--parley.intake.max-concurrent-conversations=64")
                    .redirectErrorStream(true).redirectOutput(Path.of("target/bench-worker.log").toFile()).start();
            try {
                measureLaunched(out, parley, worker, launched, first);
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    private static void measureLaunched(StringBuilder out, ParleyHarness parley, Process worker, Instant launched,
            String first) throws InterruptedException {
        EmulatedMessage reply = awaitReply(parley, first, Duration.ofMinutes(3));
        double toFirst = Duration.between(launched, reply.enqueuedTime()).toMillis() / 1000.0;
        sleep(3000);
        long idle = rssKb(worker.pid());
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int c = 0; c < 64; c++) {
                ids.add(parley.ask("load-" + c, "load question " + round));
            }
        }
        long peak = idle;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (replyCount(parley) < ids.size() + 1 && Instant.now().isBefore(deadline)) {
            peak = Math.max(peak, rssKb(worker.pid()));
            sleep(100);
        }
        worker.destroy(); // SIGTERM
        Instant term = Instant.now();
        worker.waitFor();
        double shutdown = Duration.between(term, Instant.now()).toMillis() / 1000.0;
        out.append(String.format(Locale.ROOT,
                "| time from JVM launch of the packaged jar to the first answered question (local profile, offline answers, emulator running) | **%.2f s** |%n", toFirst));
        out.append(String.format(Locale.ROOT, "| resident memory (VmRSS), idle after the first answer | %d MB |%n", idle / 1024));
        out.append(String.format(Locale.ROOT,
                "| resident memory (VmRSS), peak under load (64 conversations × 10 questions, offline answers) | %d MB |%n", peak / 1024));
        out.append(String.format(Locale.ROOT, "| SIGTERM to exit, idle worker | %.2f s |%n", shutdown));
    }

    private static List<String> preload(ParleyHarness parley, int conversations, int perConversation) {
        List<String> ids = new ArrayList<>();
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder()
                .connectionString(parley.emulator().connectionString())
                .sender().queueName(ParleyHarness.QUESTIONS).buildClient()) {
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (int q = 0; q < perConversation; q++) {
                for (int c = 0; c < conversations; c++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    ServiceBusMessage m = new ServiceBusMessage(ParleyJson.write(
                            QuestionBody.builder().text("question " + q).build()));
                    m.setMessageId(id);
                    m.setSessionId("tp-" + c);
                    m.setReplyTo(ParleyHarness.REPLIES);
                    m.setContentType(ParleyProtocol.CONTENT_TYPE_JSON);
                    m.getApplicationProperties().put(ParleyProtocol.VERSION_PROPERTY, ParleyProtocol.CURRENT_VERSION);
                    if (!batch.tryAddMessage(m)) {
                        sender.sendMessages(batch);
                        batch = sender.createMessageBatch();
                        batch.tryAddMessage(m);
                    }
                }
            }
            sender.sendMessages(batch);
        }
        return ids;
    }

    private static EmulatedMessage awaitReply(ParleyHarness parley, String questionId) {
        return awaitReply(parley, questionId, ParleyHarness.WAIT);
    }

    private static EmulatedMessage awaitReply(ParleyHarness parley, String questionId, Duration wait) {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            for (EmulatedMessage m : parley.emulator().queue(ParleyHarness.REPLIES).activeMessages()) {
                if (questionId.equals(m.correlationId())) {
                    return m;
                }
            }
            // The emulator's views run on its only thread: poll gently, the figure comes from broker timestamps.
            sleep(10);
        }
        throw new IllegalStateException("no reply to " + questionId);
    }

    private static int replyCount(ParleyHarness parley) {
        return parley.emulator().queue(ParleyHarness.REPLIES).activeMessages().size();
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
