package dev.parley.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import dev.parley.emulator.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone emulator as a separate JVM: prints its connection string, then serves the SDK. */
class StandaloneMainTest {
    private Process process;

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return process;
    }

    @Test
    void printsTheConnectionStringAndServesTheShippedConfig() throws Exception {
        Process p = launch("--config", "config/Config.json", "--port", "0");
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String connectionString = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(30, TimeUnit.SECONDS);

        assertThat(connectionString).matches("Endpoint=sb://127\\.0\\.0\\.1:\\d+;SharedAccessKeyName="
                + "RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");
        try (ServiceBusSenderClient sender = Sdk.client(connectionString).sender().queueName("parley-questions")
                .buildClient();
             ServiceBusSessionReceiverClient sessions = Sdk.client(connectionString).sessionReceiver()
                     .queueName("parley-questions").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("what is parley?").setMessageId("q-1").setSessionId("conv-1"));
            try (ServiceBusReceiverClient session = sessions.acceptNextSession()) {
                ServiceBusReceivedMessage m = Sdk.receive(session, 1, Duration.ofSeconds(10)).get(0);
                assertThat(m.getSessionId()).isEqualTo("conv-1");
                assertThat(m.getBody().toString()).isEqualTo("what is parley?");
                session.complete(m);
            }
        }
    }

    @Test
    void aBadArgumentIsExplainedWithExitCodeTwo() throws Exception {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--port", "many").start();
        process = p;
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(err).contains("--port needs a number").contains("usage:");
    }
}
