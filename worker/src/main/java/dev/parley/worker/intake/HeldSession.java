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
        return receiver.getSessionState();
    }

    @Override
    public void set(byte[] state) {
        receiver.setSessionState(state);
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
