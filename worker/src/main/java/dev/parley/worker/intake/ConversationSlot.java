package dev.parley.worker.intake;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One of the worker's N places for a conversation: take a free session, answer its messages in
 * order until it goes quiet, release it, repeat. Whatever goes wrong stays in this slot.
 */
final class ConversationSlot implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ConversationSlot.class);

    /** Where the slot is; only a slot in a turn is waited for on shutdown, the others are woken. */
    enum Phase { ACCEPTING, WAITING, IN_TURN, STOPPED }

    private final int index;
    private final SessionAcceptor acceptor;
    private final QuestionTurn turn;
    private final QuestionMetrics metrics;
    private final IdleBackoff backoff;
    private final Duration sessionIdleTimeout;
    private volatile boolean running = true;
    private volatile boolean abandoned;
    private volatile Phase phase = Phase.ACCEPTING;
    private volatile Thread thread;

    ConversationSlot(int index, SessionAcceptor acceptor, QuestionTurn turn, QuestionMetrics metrics,
            IntakeProperties properties) {
        this.index = index;
        this.acceptor = acceptor;
        this.turn = turn;
        this.metrics = metrics;
        this.backoff = new IdleBackoff(properties.backoff().min(), properties.backoff().max());
        this.sessionIdleTimeout = properties.sessionIdleTimeout();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                HeldSession session = acceptQuietly();
                if (session == null) {
                    pause();
                    continue;
                }
                backoff.reset();
                hold(session);
            }
        } finally {
            phase = Phase.STOPPED;
        }
    }

    /** Stop taking sessions and messages; a turn in progress finishes, a slot that waits is woken. */
    synchronized void stop() {
        running = false;
        if (phase != Phase.IN_TURN && thread != null) {
            thread.interrupt();
        }
    }

    /** Give up the turn in progress: it is not settled, and its session is released for redelivery. */
    synchronized void abandon() {
        running = false;
        abandoned = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Enters a turn unless the slot was stopped while it waited; then the message goes back. */
    private synchronized boolean enterTurn() {
        if (!running) {
            return false;
        }
        phase = Phase.IN_TURN;
        return true;
    }

    private synchronized void leaveTurn() {
        phase = Phase.WAITING;
    }

    Phase phase() {
        return phase;
    }

    private HeldSession acceptQuietly() {
        phase = Phase.ACCEPTING;
        try {
            HeldSession session = acceptor.acceptNext();
            if (session != null && !running) {
                session.close(); // stopped while waiting: give it straight back
                return null;
            }
            return session;
        } catch (RuntimeException e) {
            if (running) {
                log.warn("event=accept-session-failed slot={} error={}", index, e.toString());
            }
            return null;
        }
    }

    private void hold(HeldSession session) {
        phase = Phase.WAITING;
        String conversationId = session.conversationId();
        metrics.sessionHeld();
        MDC.put("conversationId", conversationId);
        log.info("event=session-accepted slot={} conversationId={}", index, conversationId);
        try {
            while (running) {
                ServiceBusReceivedMessage message = session.next(sessionIdleTimeout);
                if (message == null) {
                    break;
                }
                if (!enterTurn()) {
                    Thread.interrupted();
                    session.abandonQuietly(message);
                    break;
                }
                try {
                    if (!answer(session, message)) {
                        break;
                    }
                } finally {
                    leaveTurn();
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                log.warn("event=session-lost slot={} conversationId={} error={}", index, conversationId, e.toString());
            } // else: woken by shutdown while waiting for the next message; releasing is the point
        } finally {
            Thread.interrupted(); // an interrupt during drain must not stop the release below
            session.close();
            metrics.sessionReleased();
            log.info("event=session-released slot={} conversationId={}", index, conversationId);
            MDC.remove("conversationId");
        }
    }

    /** @return whether the session may go on to its next message */
    private boolean answer(HeldSession session, ServiceBusReceivedMessage message) {
        MDC.put("messageId", message.getMessageId());
        try {
            TurnOutcome outcome = turn.handle(message, session, () -> abandoned);
            metrics.record(outcome);
            return true;
        } catch (TurnAbandoned e) {
            log.warn("event=turn-abandoned conversationId={} messageId={} reason={}",
                    session.conversationId(), message.getMessageId(), e.getMessage());
            Thread.interrupted();
            session.abandonQuietly(message);
            return false;
        } catch (RuntimeException e) {
            // Unexpected: give the question back (the broker's max delivery count bounds retries) and let go of the session.
            log.error("event=turn-failed conversationId={} messageId={} deliveryCount={}",
                    session.conversationId(), message.getMessageId(), message.getDeliveryCount(), e);
            Thread.interrupted();
            session.abandonQuietly(message);
            return false;
        } finally {
            MDC.remove("messageId");
        }
    }

    private void pause() {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(backoff.next());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
