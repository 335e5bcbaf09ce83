package dev.parley.worker.intake;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusTransactionContext;
import com.azure.messaging.servicebus.models.CompleteOptions;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import dev.parley.worker.conversation.SessionStateAccess;
import java.time.Duration;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One conversation's session, locked to this worker while held: its messages in order, its state, its settlements. */
final class HeldSession implements SessionStateAccess, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeldSession.class);

    private final ServiceBusReceiverClient receiver;
    /**
     * The state as last read or written. While the session lock is held no one else can change it, so
     * later turns of the conversation skip the broker round trip. Cleared when a write fails, because
     * the broker may or may not have applied it.
     */
    private byte[] knownState;
    private boolean stateKnown;

    HeldSession(ServiceBusReceiverClient receiver) {
        this.receiver = receiver;
    }

    String conversationId() {
        return receiver.getSessionId();
    }

    /** The next message of the conversation, or {@code null} when none arrives within {@code wait}. */
    ServiceBusReceivedMessage next(Duration wait) {
        Iterator<ServiceBusReceivedMessage> messages = receiver.receiveMessages(1, wait).iterator();
        return messages.hasNext() ? messages.next() : null;
    }

    @Override
    public byte[] get() {
        if (!stateKnown) {
            knownState = receiver.getSessionState();
            stateKnown = true;
        }
        return knownState;
    }

    @Override
    public void set(byte[] state) {
        stateKnown = false;
        receiver.setSessionState(state);
        knownState = state;
        stateKnown = true;
    }

    void complete(ServiceBusReceivedMessage message, ServiceBusTransactionContext transaction) {
        receiver.complete(message, new CompleteOptions().setTransactionContext(transaction));
    }

    void deadLetter(ServiceBusReceivedMessage message, String reason, String description,
            ServiceBusTransactionContext transaction) {
        receiver.deadLetter(message, new DeadLetterOptions()
                .setDeadLetterReason(reason)
                .setDeadLetterErrorDescription(description)
                .setTransactionContext(transaction));
    }

    /** Gives the message back for redelivery; failure only means the lock is already gone, which has the same effect. */
    void abandonQuietly(ServiceBusReceivedMessage message) {
        try {
            receiver.abandon(message);
        } catch (RuntimeException e) {
            log.info("event=abandon-skipped conversationId={} messageId={} reason={}",
                    conversationId(), message.getMessageId(), e.toString());
        }
    }

    /** Releases the session lock. */
    @Override
    public void close() {
        try {
            receiver.close();
        } catch (RuntimeException e) {
            log.info("event=session-close-failed conversationId={} reason={}", conversationId(), e.toString());
        }
    }
}
