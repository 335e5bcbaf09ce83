package dev.parley.emulator.conformance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the abstract conformance classes: the broker comes from the concrete test class's
 * extension, and every test gets fresh SDK clients that are closed after it.
 */
abstract class BrokerConformance {

    protected ConformanceBroker broker;
    protected SdkClients clients;

    @BeforeEach
    void connect(ConformanceBroker broker) {
        this.broker = broker;
        this.clients = SdkClients.connect(broker);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }
}
