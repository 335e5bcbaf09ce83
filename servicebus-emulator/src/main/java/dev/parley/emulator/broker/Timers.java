package dev.parley.emulator.broker;

import java.time.Instant;

/** The broker's clock and timer wheel. Tasks run on the broker's single thread. */
public interface Timers {

    Instant now();

    Timer at(Instant when, Runnable task);

    interface Timer {
        void cancel();
    }
}
