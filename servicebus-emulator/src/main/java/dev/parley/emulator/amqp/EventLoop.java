package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.Timers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's only thread: socket readiness, timers and tasks submitted from other threads all run here, so the
 * broker state needs no locks.
 */
public final class EventLoop implements Timers, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** Something registered with the selector. */
    public interface Handler {
        void onReady(SelectionKey key);
    }

    private final Clock clock;
    private final Selector selector;
    private final PriorityQueue<ScheduledTask> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final Runnable afterEachRound;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong timerSequence = new java.util.concurrent.atomic.AtomicLong();

    public EventLoop(String name, Clock clock, Runnable afterEachRound) {
        this.clock = clock;
        this.afterEachRound = afterEachRound;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public Selector selector() {
        return selector;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Timer at(Instant when, Runnable task) {
        // round up: a task must never run before its instant, or "is it due yet?" checks see it early
        long atMillis = when.toEpochMilli() + (when.getNano() % 1_000_000 == 0 ? 0 : 1);
        ScheduledTask t = new ScheduledTask(atMillis, timerSequence.getAndIncrement(), task);
        if (inLoop() || !thread.isAlive()) {
            timers.add(t);
        } else {
            execute(() -> timers.add(t));
        }
        return t;
    }

    /** Runs a task on the loop soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs a task on the loop and waits for its result (runs it inline when called on the loop or after close). */
    public <T> T call(Callable<T> task) {
        if (inLoop() || !running || !thread.isAlive()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the emulator thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("emulator thread did not answer within 30 s", e);
        }
    }

    private void run() {
        while (running) {
            try {
                long wait = runDueTimers();
                if (tasks.isEmpty()) {
                    selector.select(wait);
                } else {
                    selector.selectNow();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.attachment() instanceof Handler h) {
                        h.onReady(key);
                    }
                }
                selector.selectedKeys().clear();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                runDueTimers();
                afterEachRound.run();
            } catch (Throwable e) {
                // One bad event must not stop the broker for everybody else.
                log.error("emulator loop error: {}", e.toString(), e);
            }
        }
    }

    /** Runs what is due; returns how long the selector may sleep (0 = forever). */
    private long runDueTimers() {
        long now = clock.millis();
        ScheduledTask t;
        while ((t = timers.peek()) != null && t.at <= now) {
            timers.poll();
            if (!t.cancelled) {
                try {
                    t.task.run();
                } catch (RuntimeException e) {
                    log.error("emulator timer error: {}", e.toString(), e);
                }
            }
            now = clock.millis();
        }
        t = timers.peek();
        return t == null ? 0 : Math.max(1, t.at - now);
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("selector close failed: {}", e.toString());
        }
    }

    private static final class ScheduledTask implements Timer, Comparable<ScheduledTask> {
        final long at;
        final long order;
        final Runnable task;
        volatile boolean cancelled;

        ScheduledTask(long at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(ScheduledTask o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
