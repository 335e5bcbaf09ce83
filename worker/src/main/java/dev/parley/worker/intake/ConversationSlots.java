package dev.parley.worker.intake;

import dev.parley.worker.health.BrokerReadiness;
import dev.parley.worker.reply.ReplySenders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The worker's N conversation slots, started with the application and drained on shutdown:
 * stop taking sessions, let turns in progress finish within the drain timeout, release the rest,
 * and only then let the Service Bus clients close (they are beans destroyed after this stops).
 */
public final class ConversationSlots implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConversationSlots.class);
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(5);

    private final IntakeProperties properties;
    private final SessionAcceptor acceptor;
    private final QuestionTurn turn;
    private final QuestionMetrics metrics;
    private final ReplySenders replySenders;
    private final BrokerReadiness readiness;
    private final List<ConversationSlot> slots = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Thread connector;
    private volatile boolean running;

    ConversationSlots(IntakeProperties properties, SessionAcceptor acceptor, QuestionTurn turn,
            QuestionMetrics metrics, ReplySenders replySenders, BrokerReadiness readiness) {
        this.properties = properties;
        this.acceptor = acceptor;
        this.turn = turn;
        this.metrics = metrics;
        this.replySenders = replySenders;
        this.readiness = readiness;
    }

    @Override
    public synchronized void start() {
        connector = Thread.ofPlatform().name("parley-broker-connect").daemon().start(this::connect);
        for (int i = 0; i < properties.maxConcurrentConversations(); i++) {
            ConversationSlot slot = new ConversationSlot(i, acceptor, turn, metrics, properties);
            slots.add(slot);
            threads.add(Thread.ofPlatform().name("parley-slot-" + i).start(slot));
        }
        running = true;
        log.info("event=intake-started queue={} slots={} sessionIdleTimeout={} drainTimeout={}",
                properties.questionQueue(), slots.size(), properties.sessionIdleTimeout(), properties.drainTimeout());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        readiness.stopping();
        connector.interrupt();
        int inTurn = (int) slots.stream().filter(s -> s.phase() == ConversationSlot.Phase.IN_TURN).count();
        log.info("event=intake-draining inTurn={} drainTimeout={}", inTurn, properties.drainTimeout());
        slots.forEach(ConversationSlot::stop);
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        joinUntil(deadline);
        long unfinished = threads.stream().filter(Thread::isAlive).count();
        if (unfinished > 0) {
            log.warn("event=intake-drain-timeout unfinished={} action=release", unfinished);
            for (int i = 0; i < slots.size(); i++) {
                if (threads.get(i).isAlive()) {
                    slots.get(i).abandon();
                }
            }
            joinUntil(System.nanoTime() + RELEASE_GRACE.toNanos());
        }
        log.info("event=intake-stopped held={} stillRunning={}", metrics.held(),
                threads.stream().filter(Thread::isAlive).count());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server and everything else, so turns drain while the clients are still open. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private void joinUntil(long deadlineNanos) {
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                thread.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Opens the reply link so readiness reflects a real broker connection; retries with backoff until it can. */
    private void connect() {
        IdleBackoff backoff = new IdleBackoff(properties.backoff().min(), properties.backoff().max());
        while (running || readiness.state() == BrokerReadiness.State.CONNECTING) {
            try {
                replySenders.connect();
                readiness.connected();
                log.info("event=broker-connected replyQueue={}", replySenders.defaultQueue());
                return;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.warn("event=broker-connect-failed replyQueue={} error={}", replySenders.defaultQueue(), e.toString());
            }
            try {
                TimeUnit.NANOSECONDS.sleep(backoff.next().toNanos());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
