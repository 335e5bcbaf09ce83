package dev.parley.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.time.Duration;
import org.apache.qpid.proton.engine.EndpointState;
import org.junit.jupiter.api.Test;

/** A quiet connection stays alive: the server sends empty frames within the idle timeout the client announced. */
class IdleTimeoutTest {

    @Test
    void theServerKeepsAnIdleClientAliveWithEmptyFrames() throws Exception {
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder().queue(QueueOptions.builder("q").build())
                .build().start();
             RawAmqpClient client = new RawAmqpClient(emulator.port(), 1000)) {
            client.pumpUntil(() -> client.connection().getRemoteState() == EndpointState.ACTIVE, Duration.ofSeconds(10));
            long afterOpen = client.framesReceived();

            // nothing is sent by the client; only the server's heartbeats can arrive (every ~500 ms)
            client.pumpUntil(() -> client.framesReceived() >= afterOpen + 3, Duration.ofSeconds(5));

            assertThat(client.framesReceived()).isGreaterThanOrEqualTo(afterOpen + 3);
            assertThat(client.connection().getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }
}
