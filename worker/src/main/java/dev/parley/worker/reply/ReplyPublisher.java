package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusTransactionContext;
import dev.parley.contract.Reply;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a reply and settles its question together: in one Service Bus transaction when the
 * broker offers them, else reply first and settle after (the reply's deterministic id makes a
 * re-send after a crash a duplicate that the reply queue drops).
 */
public final class ReplyPublisher {

    private static final Logger log = LoggerFactory.getLogger(ReplyPublisher.class);

    private final ReplySenders senders;
    private final AtomicBoolean transactions;

    public ReplyPublisher(ReplySenders senders, boolean transactions) {
        this.senders = senders;
        this.transactions = new AtomicBoolean(transactions);
    }

    /**
     * @param reply what to send; its {@code replyTo} picks the queue (the default reply queue when absent)
     * @param afterSend runs once the reply is sent and before the question is settled
     * @param settlement completes or dead-letters the question
     */
    public void publish(Reply reply, Runnable afterSend, QuestionSettlement settlement) {
        ServiceBusSenderClient sender = senders.forQueue(reply.replyTo());
        ServiceBusMessage message = ReplyMessages.toMessage(reply);
        ServiceBusTransactionContext transaction = begin(sender);
        if (transaction == null) {
            sender.sendMessage(message);
            afterSend.run();
            settlement.settle(null);
            return;
        }
        boolean committed = false;
        try {
            sender.sendMessage(message, transaction);
            afterSend.run();
            settlement.settle(transaction);
            sender.commitTransaction(transaction);
            committed = true;
        } finally {
            if (!committed) {
                rollbackQuietly(sender, transaction);
            }
        }
    }

    /** Whether a question may name {@code queue} as its reply queue. */
    public boolean allows(String queue) {
        return senders.allows(queue);
    }

    public boolean transactional() {
        return transactions.get();
    }

    private ServiceBusTransactionContext begin(ServiceBusSenderClient sender) {
        if (!transactions.get()) {
            return null;
        }
        try {
            return sender.createTransaction();
        } catch (RuntimeException e) {
            if (transactions.compareAndSet(true, false)) {
                log.warn("event=transactions-unavailable action=reply-then-settle error={}", e.toString());
            }
            return null;
        }
    }

    private static void rollbackQuietly(ServiceBusSenderClient sender, ServiceBusTransactionContext transaction) {
        try {
            sender.rollbackTransaction(transaction);
        } catch (RuntimeException e) {
            // The broker discards an undischarged transaction when the connection goes; nothing else to undo.
            log.debug("event=rollback-failed error={}", e.toString());
        }
    }
}
