package dev.parley.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A clock that only moves when a test says so; due timers run in time order. */
final class ManualTimers implements Timers {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private long order;
    private final PriorityQueue<Entry> due = new PriorityQueue<>();

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Timer at(Instant when, Runnable task) {
        Entry e = new Entry(when, order++, task);
        due.add(e);
        return e;
    }

    void advance(Duration by) {
        Instant target = now.plus(by);
        Entry e;
        while ((e = due.peek()) != null && !e.when.isAfter(target)) {
            due.poll();
            if (e.when.isAfter(now)) {
                now = e.when;
            }
            if (!e.cancelled) {
                e.task.run();
            }
        }
        now = target;
    }

    private static final class Entry implements Timer, Comparable<Entry> {
        final Instant when;
        final long order;
        final Runnable task;
        boolean cancelled;

        Entry(Instant when, long order, Runnable task) {
            this.when = when;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry o) {
            int c = when.compareTo(o.when);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
