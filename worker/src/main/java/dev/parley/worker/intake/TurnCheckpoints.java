package dev.parley.worker.intake;

/**
 * Told when a turn passes a {@link TurnStep}. Production has none; the crash tests register one
 * that kills the worker's connections at a chosen step, to prove redelivery still gives one reply.
 */
@FunctionalInterface
public interface TurnCheckpoints {

    TurnCheckpoints NONE = (step, conversationId, messageId) -> { };

    void reached(TurnStep step, String conversationId, String messageId);
}
