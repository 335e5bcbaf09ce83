package dev.parley.emulator.conformance;

import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the abstract conformance classes: the broker comes from the concrete test class's
 * extension, and every test gets fresh SDK clients that are closed after it.
 */
abstract class BrokerConformance {

    /**
     * Tags a test of Service Bus behaviour that Parley's emulator does not have yet. The module's
     * surefire run leaves these out so the build stays green; each one is listed as a gap.
     */
    static final String EMULATOR_GAP = "emulator-gap";

    protected ConformanceBroker broker;
    protected SdkClients clients;

    @BeforeEach
    void connect(ConformanceBroker broker) {
        this.broker = broker;
        this.clients = SdkClients.connect(broker);
    }

    /** Sends one message with {@code messageId} to {@code queue}, and opens a peek-lock receiver on it. */
    protected ServiceBusReceiverClient sendAndOpenReceiver(TestQueue queue, String messageId) {
        clients.sender(queue).sendMessage(Deliveries.message(messageId));
        return clients.peekLockReceiver(queue);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
