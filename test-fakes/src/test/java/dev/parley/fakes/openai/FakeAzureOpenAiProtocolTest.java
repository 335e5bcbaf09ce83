package dev.parley.fakes.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.fakes.entra.FakeEntra;
import dev.parley.fakes.http.Https;

/** The chat-completions endpoint's wire behaviour, request by request. */
class FakeAzureOpenAiProtocolTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BODY = "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello \"},"
            + "{\"type\":\"text\",\"text\":\"there\"}]}],\"temperature\":0.5,\"max_completion_tokens\":64}";

    FakeAzureOpenAi openAi;

    @BeforeEach
    void start() {
        openAi = FakeAzureOpenAi.builder().deployment("d1").deployment("d2").build().start();
    }

    @AfterEach
    void stop() {
        openAi.close();
    }

    String url(String deployment) {
        return openAi.endpoint() + "/openai/deployments/" + deployment + "/chat/completions?api-version=2024-10-21";
    }

    HttpResponse<String> chat(String url, String body) throws Exception {
        return Https.post(url, "application/json", body, "Authorization", "Bearer anything");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void answersInTheChatCompletionsShapeAndRecordsTheRequest() throws Exception {
        HttpResponse<String> response = chat(url("d2"), BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(openAi.model());
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("You asked: Hello there");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());

        RecordedChatRequest request = openAi.takeRequest(Duration.ofSeconds(1));
        assertThat(request.deployment()).isEqualTo("d2");
        assertThat(request.apiVersion()).isEqualTo("2024-10-21");
        assertThat(request.bearerToken()).isEqualTo("anything");
        assertThat(request.messages()).containsExactly(ChatMessage.system("Be brief."), ChatMessage.user("Hello there"));
        assertThat(request.temperature()).isEqualTo(0.5);
        assertThat(request.maxTokens()).isEqualTo(64);
        assertThat(openAi.takeRequest(Duration.ofMillis(50))).isNull();
    }

    @Test
    void refusesWhatAzureWouldRefuse() throws Exception {
        String noVersion = openAi.endpoint() + "/openai/deployments/d1/chat/completions";
        assertThat(Https.post(url("d1"), "application/json", BODY).statusCode()).isEqualTo(401);
        assertThat(chat(noVersion, BODY).statusCode()).isEqualTo(400);
        assertThat(chat(noVersion + "?api-version=latest", BODY).statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = chat(url("d3"), BODY);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").path("code").asText()).isEqualTo("DeploymentNotFound");
        // what an endpoint configured with a trailing slash produces
        assertThat(chat(openAi.endpoint() + "//openai/deployments/d1/chat/completions?api-version=2024-10-21",
                BODY).statusCode()).isEqualTo(404);
        assertThat(chat(url("d1"), "{not json").statusCode()).isEqualTo(400);
        assertThat(chat(url("d1"), "{\"prompt\":\"hi\"}").statusCode()).isEqualTo(400);

        assertThat(openAi.rejections()).extracting(Rejection::status).containsExactly(401, 400, 400, 404, 404, 400,
                400);
        assertThat(openAi.requests()).isEmpty();
        // and keeps serving
        assertThat(chat(url("d1"), BODY).statusCode()).isEqualTo(200);
    }

    @Test
    void aKeptAliveConnectionStaysUsableAfterARefusal() throws Exception {
        // a refusal answered before the body was read used to leave the next request stranded on the connection
        String large = BODY.replace("Be brief.", "x".repeat(256 * 1024));
        for (int i = 0; i < 10; i++) {
            assertThat(Https.post(url("d1"), "application/json", large).statusCode()).isEqualTo(401);
            assertThat(chat(url("d1"), BODY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onlyTheConfiguredApiVersionsAreAcceptedWhenGiven() throws Exception {
        try (FakeAzureOpenAi strict = FakeAzureOpenAi.builder().apiVersions("2025-01-01-preview").build().start()) {
            String base = strict.endpoint() + "/openai/deployments/gpt-4o/chat/completions?api-version=";
            assertThat(chat(base + "2025-01-01-preview", BODY).statusCode()).isEqualTo(200);
            assertThat(chat(base + "2024-10-21", BODY).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void checksBearerTokensWithFakeEntra() throws Exception {
        try (FakeEntra entra = FakeEntra.builder().build().start();
                FakeAzureOpenAi checked = FakeAzureOpenAi.builder().entra(entra).build().start()) {
            String url = checked.endpoint() + "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
            HttpResponse<String> response = chat(url, BODY);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).path("error").path("code").asText()).isEqualTo("401");
            assertThat(Https.post(url, "application/json", BODY, "api-key", "k").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void throttledCarriesBothRetryHeaders() throws Exception {
        openAi.enqueue(FakeChatResponse.throttled(Duration.ofMillis(1500)));

        HttpResponse<String> response = chat(url("d1"), BODY);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1500");
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("429");
    }

    @Test
    void scriptedResponsesAreUsedInOrderThenTheDefault() throws Exception {
        openAi.enqueue(FakeChatResponse.serverError(), FakeChatResponse.contentFiltered(),
                FakeChatResponse.malformedJson(), FakeChatResponse.contentFilteredCompletion());

        assertThat(chat(url("d1"), BODY).statusCode()).isEqualTo(500);
        HttpResponse<String> filtered = chat(url("d1"), BODY);
        assertThat(filtered.statusCode()).isEqualTo(400);
        JsonNode error = json(filtered).path("error");
        assertThat(error.path("code").asText()).isEqualTo("content_filter");
        assertThat(error.path("innererror").path("code").asText()).isEqualTo("ResponsibleAIPolicyViolation");
        assertThat(error.path("innererror").path("content_filter_result").path("hate").path("filtered").asBoolean())
                .isTrue();
        HttpResponse<String> malformed = chat(url("d1"), BODY);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(malformed.body())).isInstanceOf(java.io.IOException.class);
        JsonNode completion = json(chat(url("d1"), BODY)).path("choices").get(0);
        assertThat(completion.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(completion.path("message").path("content").isNull()).isTrue();
        assertThat(json(chat(url("d1"), BODY)).path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("stop");
        assertThat(openAi.requestCount()).isEqualTo(5);
    }

    @Test
    void aHeldCallIsReleasedWhenTheFakeCloses() throws Exception {
        openAi.enqueue(FakeChatResponse.noResponse());
        CompletableFuture<HttpResponse<String>> call = Https.postAsync(url("d1"), "application/json", BODY,
                "Authorization", "Bearer x");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openAi.inFlight() == 1);
        assertThat(call).isNotDone();

        openAi.close();

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void twoHundredFiftySixCallsAreAllInFlightAtOnce() throws Exception {
        int calls = 256;
        CountDownLatch arrived = new CountDownLatch(calls);
        CountDownLatch release = new CountDownLatch(1);
        openAi.defaultResponder(request -> {
            arrived.countDown();
            try {
                release.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChatResponder.echo().respond(request);
        });
        openAi.latency(Duration.ofMillis(500));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String body = BODY.replace("there", "caller " + i);
            responses.add(Https.postAsync(url("d1"), "application/json", body, "Authorization", "Bearer x"));
        }

        // Had the server a bounded pool, fewer calls than 256 could ever be inside the responder together.
        // Bounds are generous: on a loaded 2-core machine 256 TLS handshakes alone can take many seconds.
        boolean all = arrived.await(90, TimeUnit.SECONDS);
        assertThat(all).as("still not arrived: %s", arrived.getCount()).isTrue();
        release.countDown();

        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = responses.get(i).get(90, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json(response).path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("You asked: Hello caller " + i);
        }
        assertThat(openAi.requestCount()).isEqualTo(calls);
    }
}
