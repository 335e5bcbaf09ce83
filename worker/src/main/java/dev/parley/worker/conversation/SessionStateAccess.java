package dev.parley.worker.conversation;

/**
 * The state slot of one held Service Bus session. The intake adapts
 * {@code ServiceBusReceiverClient#getSessionState()} / {@code setSessionState(byte[])} to it.
 */
public interface SessionStateAccess {

    /** The stored state, or {@code null} (or an empty array) when the session has none. */
    byte[] get();

    /** Replaces the stored state. */
    void set(byte[] state);
}
