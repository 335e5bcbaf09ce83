package dev.parley.emulator.conformance;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same suite against Microsoft's emulator, where Docker exists. Without Docker the whole class
 * is reported as skipped (never as passed).
 */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(SharedBrokerExtension.MicrosoftEmulator.class)
class MicrosoftEmulatorConformanceTest {

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
