package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusTransactionContext;

/** Settles the question a reply answers (complete or dead-letter), inside the reply's transaction when there is one. */
@FunctionalInterface
public interface QuestionSettlement {

    /** @param transaction the transaction to settle in, or {@code null} to settle on its own */
    void settle(ServiceBusTransactionContext transaction);
}
