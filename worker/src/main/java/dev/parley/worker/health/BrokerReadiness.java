package dev.parley.worker.health;

import java.util.concurrent.atomic.AtomicReference;

/** Whether the worker may count as ready: connected to the broker, and not shutting down. */
public final class BrokerReadiness {

    public enum State { CONNECTING, CONNECTED, STOPPING }

    private final AtomicReference<State> state = new AtomicReference<>(State.CONNECTING);

    /** Connected, unless shutdown already began. */
    public void connected() {
        state.compareAndSet(State.CONNECTING, State.CONNECTED);
    }

    public void stopping() {
        state.set(State.STOPPING);
    }

    public State state() {
        return state.get();
    }
}
