package dev.parley.emulator.conformance;

import static dev.parley.emulator.conformance.Deliveries.assertNothingToReceive;
import static dev.parley.emulator.conformance.Deliveries.message;
import static dev.parley.emulator.conformance.Deliveries.messageIds;
import static dev.parley.emulator.conformance.Deliveries.peekFirst;
import static dev.parley.emulator.conformance.Deliveries.receiveOne;
import static dev.parley.emulator.conformance.Deliveries.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusTransactionContext;
import com.azure.messaging.servicebus.models.CompleteOptions;
import org.junit.jupiter.api.Test;

/**
 * Transactions: a send and a complete that take effect together or not at all, on one queue and
 * across two queues (send-via, {@code enableCrossEntityTransactions()}).
 */
abstract class TransactionConformance extends BrokerConformance {

    @Test
    void aCommittedTransactionAppliesTheSendAndTheCompleteTogether() {
        String work = uniqueId("work");
        String followUp = uniqueId("follow-up");
        ServiceBusSenderClient sender = clients.sender(TestQueue.TX_COMMIT);
        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.TX_COMMIT);
        sender.sendMessage(message(work));
        ServiceBusReceivedMessage received = receiveOne(receiver);

        ServiceBusTransactionContext transaction = sender.createTransaction();
        sender.sendMessage(message(followUp), transaction);
        receiver.complete(received, new CompleteOptions().setTransactionContext(transaction));
        assertThat(messageIds(receiver.peekMessages(10, 0).stream().toList()))
            .as("before commit: the work is still there and the follow-up is not")
            .containsExactly(work);
        sender.commitTransaction(transaction);

        ServiceBusReceivedMessage next = receiveOne(receiver);
        assertThat(next.getMessageId()).isEqualTo(followUp);
        receiver.complete(next);
        assertThat(peekFirst(receiver)).as("what is left after the commit").isNull();
    }

    @Test
    void aRolledBackTransactionSendsNothingAndLeavesTheMessageInPlace() {
        String work = uniqueId("work");
        ServiceBusSenderClient sender = clients.sender(TestQueue.TX_ROLLBACK);
        ServiceBusReceiverClient receiver = clients.peekLockReceiver(TestQueue.TX_ROLLBACK);
        sender.sendMessage(message(work));
        ServiceBusReceivedMessage received = receiveOne(receiver);

        ServiceBusTransactionContext transaction = sender.createTransaction();
        sender.sendMessage(message(uniqueId("never")), transaction);
        receiver.complete(received, new CompleteOptions().setTransactionContext(transaction));
        sender.rollbackTransaction(transaction);

        assertThat(messageIds(receiver.peekMessages(10, 0).stream().toList()))
            .as("after rollback: only the work, still locked by its receiver")
            .containsExactly(work);
        // The complete was undone, so once its lock (PT5S) runs out the work is delivered again.
        ServiceBusReceivedMessage again = receiveOne(receiver);
        assertThat(again.getMessageId()).isEqualTo(work);
        assertThat(again.getDeliveryCount()).isEqualTo(received.getDeliveryCount() + 1);
        receiver.complete(again);
        assertNothingToReceive(receiver);
    }

    @Test
    void aCrossEntityTransactionCompletesOnOneQueueAndSendsToAnother() {
        String work = uniqueId("work");
        String result = uniqueId("result");
        clients.sender(TestQueue.TX_VIA_SOURCE).sendMessage(message(work));
        SdkClients crossEntity = clients.crossEntityConnection();
        // The first entity used becomes the send-via entity, so receive before sending.
        ServiceBusReceiverClient receiver = crossEntity.peekLockReceiver(TestQueue.TX_VIA_SOURCE);
        ServiceBusReceivedMessage received = receiveOne(receiver);
        ServiceBusSenderClient sender = crossEntity.sender(TestQueue.TX_VIA_TARGET);

        ServiceBusTransactionContext transaction = sender.createTransaction();
        sender.sendMessage(message(result), transaction);
        receiver.complete(received, new CompleteOptions().setTransactionContext(transaction));
        sender.commitTransaction(transaction);

        ServiceBusReceiverClient target = clients.peekLockReceiver(TestQueue.TX_VIA_TARGET);
        assertThat(receiveOne(target).getMessageId()).isEqualTo(result);
        assertThat(peekFirst(clients.peekLockReceiver(TestQueue.TX_VIA_SOURCE))).as("left on the source").isNull();
    }
}
