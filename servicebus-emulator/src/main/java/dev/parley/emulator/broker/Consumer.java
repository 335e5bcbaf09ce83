package dev.parley.emulator.broker;

/** A receiver attached to a queue (or to one session of it). Implemented by the AMQP layer. */
public interface Consumer {

    /** How many more messages it will take now. */
    int credit();

    /** Receive-and-delete: the broker forgets a message as soon as it is handed over. */
    boolean receiveAndDelete();

    /** Hands over one message; in peek-lock mode it is locked and {@link StoredMessage#lockToken()} is set. */
    void deliver(StoredMessage message);

    /** The session lock this consumer held expired; it must detach. */
    default void sessionLockLost(String sessionId) {
    }
}
