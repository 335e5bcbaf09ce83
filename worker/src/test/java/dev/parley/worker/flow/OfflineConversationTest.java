package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.contract.ReplyStatus;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.ParleyHarness.SeenReply;
import dev.parley.worker.intake.ConversationSlots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker as `./parley run` starts it (the {@code local} profile: emulator connection string,
 * offline answers, no identity check), with its actuator: readiness, liveness and metrics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineConversationTest {

    static ParleyHarness parley;
    static ConfigurableApplicationContext worker;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder().offline().start();
        worker = parley.startWorker("spring.profiles.active=local", "spring.main.web-application-type=servlet",
                "server.port=0");
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    @Order(1)
    void isLiveAndBecomesReadyOnceConnectedToTheBroker() {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        await().atMost(ParleyHarness.WAIT).until(() -> get("/actuator/health/readiness").statusCode() == 200);
        assertThat(get("/actuator/health/readiness").body()).contains("\"status\":\"UP\"");
    }

    @Test
    @Order(2)
    void aQuestionGetsOneAnsweredReplyAddressedByTheContract() {
        String id = parley.ask("conv-offline-1", "What is Parley?");

        SeenReply reply = parley.awaitReply(id);

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(reply.body().model()).isEqualTo("offline");
        assertThat(reply.text()).contains("What is Parley?");
        assertThat(reply.message().sessionId()).isEqualTo("conv-offline-1");
        assertThat(reply.message().correlationId()).isEqualTo(id);
        parley.awaitQuestionsSettled();
        assertThat(parley.storedConversation("conv-offline-1").turns()).hasSize(1);
    }

    @Test
    @Order(3)
    void questionsAreCountedByOutcomeAndHeldConversationsAreGauged() {
        parley.awaitReply(parley.ask("conv-offline-2", "Count me"));

        await().atMost(ParleyHarness.WAIT).untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
                .containsPattern("parley_questions_total\\{[^}]*outcome=\"answered\"[^}]*\\} [2-9]")
                .contains("parley_questions_total{application=\"parley-worker\",outcome=\"invalid\"} 0.0")
                .contains("parley_conversations_held"));
    }

    @Test
    @Order(4)
    void isNoLongerReadyOnceShutdownBegins() {
        worker.getBean(ConversationSlots.class).stop();

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("OUT_OF_SERVICE");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) {
        String port = worker.getEnvironment().getProperty("local.server.port");
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
