package dev.parley.worker.flow;

import dev.parley.worker.intake.TurnCheckpoints;
import dev.parley.worker.intake.TurnStep;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker "dies" at one step of one conversation's turn: every broker connection is cut (nothing
 * settles, the session lock goes) and the slot freezes there, as a killed process would, until the
 * test closes that worker; then the turn is aborted without settling.
 */
final class CrashAt implements TurnCheckpoints {

    record Target(TurnStep step, String conversationId) {
    }

    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(TurnStep step) {
            super("simulated crash after " + step, null, false, false);
        }
    }

    private final Runnable cutConnections;
    private final AtomicReference<Target> armed = new AtomicReference<>();
    private final AtomicReference<Target> fired = new AtomicReference<>();

    CrashAt(Runnable cutConnections) {
        this.cutConnections = cutConnections;
    }

    void arm(TurnStep step, String conversationId) {
        fired.set(null);
        armed.set(new Target(step, conversationId));
    }

    boolean fired() {
        return fired.get() != null;
    }

    @Override
    public void reached(TurnStep step, String conversationId, String messageId) {
        Target target = armed.get();
        if (target != null && target.step() == step && target.conversationId().equals(conversationId)
                && armed.compareAndSet(target, null)) {
            cutConnections.run();
            fired.set(target);
            try {
                new java.util.concurrent.CountDownLatch(1).await(); // frozen until the worker is closed
            } catch (InterruptedException closing) {
                Thread.currentThread().interrupt();
            }
            throw new SimulatedCrash(step);
        }
    }
}
