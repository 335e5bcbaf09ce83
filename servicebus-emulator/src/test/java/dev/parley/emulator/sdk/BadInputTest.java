package dev.parley.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Garbage on one socket closes that connection only; SDK clients on others keep working. */
class BadInputTest {
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static ServiceBusEmulator emulator;
    private static ServiceBusSenderClient sender;
    private static ServiceBusReceiverClient receiver;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().queue(QueueOptions.builder("jobs").build()).build().start();
        sender = Sdk.client(emulator.connectionString()).sender().queueName("jobs").buildClient();
        receiver = Sdk.client(emulator.connectionString()).receiver().queueName("jobs").buildClient();
        sender.sendMessage(new ServiceBusMessage("warm-up"));
        assertThat(Sdk.receive(receiver, 1, Duration.ofSeconds(10))).hasSize(1);
    }

    @AfterAll
    static void stop() {
        sender.close();
        receiver.close();
        emulator.close();
    }

    @Test
    void httpInsteadOfAmqpClosesOnlyThatSocket() throws IOException {
        byte[] answer = sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(answer).as("server answers with its protocol header before closing")
                .startsWith('A', 'M', 'Q', 'P');
        assertOtherClientsStillWork("after-http");
    }

    @Test
    void aMalformedFrameAfterAValidHeaderClosesOnlyThatSocket() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(SASL_HEADER);
        // a frame that claims 4 GiB of size, then junk
        bytes.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 2, 1, 0, 0, 0x53, 0x10});
        byte[] answer = sendRaw(bytes.toByteArray());

        assertThat(answer).startsWith(SASL_HEADER);
        assertOtherClientsStillWork("after-bad-frame");
    }

    @Test
    void randomBytesCloseOnlyThatSocket() throws IOException {
        byte[] junk = new byte[4096];
        new java.util.Random(42).nextBytes(junk);

        sendRaw(junk);

        assertOtherClientsStillWork("after-junk");
    }

    /** Writes the bytes and reads until the server closes the socket; fails if it stays open. */
    private static byte[] sendRaw(byte[] payload) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(payload);
                out.flush();
            } catch (IOException closedWhileWriting) {
                return new byte[0];
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    answer.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the bad connection open", e);
            } catch (IOException reset) {
                // connection reset also counts as closed
            }
            return answer.toByteArray();
        }
    }

    private static void assertOtherClientsStillWork(String id) {
        sender.sendMessage(new ServiceBusMessage(id).setMessageId(id));
        assertThat(Sdk.receive(receiver, 1, Duration.ofSeconds(10)))
                .extracting(m -> m.getMessageId()).containsExactly(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.connectionCount() == 2);
    }
}
