package dev.parley.emulator.conformance;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conformance suite against Parley's embedded emulator. */
@ExtendWith(SharedBrokerExtension.EmbeddedParley.class)
class EmbeddedParleyConformanceTest {

    @Nested
    class Sending extends SendingConformance {
    }

    @Nested
    class Receiving extends ReceivingConformance {
    }

    @Nested
    class Settlement extends SettlementConformance {
    }

    @Nested
    class Sessions extends SessionConformance {
    }

    @Nested
    class Transactions extends TransactionConformance {
    }

    @Nested
    class SpringSessionProcessor extends SpringSessionProcessorConformance {
    }
}
