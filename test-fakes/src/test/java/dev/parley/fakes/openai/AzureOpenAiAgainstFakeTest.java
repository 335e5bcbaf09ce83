package dev.parley.fakes.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.azure.AzureOpenAiChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Mono;

import dev.parley.fakes.entra.FakeEntra;
import dev.parley.fakes.tls.TestTlsExtension;

/** The real LangChain4j model over the real azure-ai-openai client and default (Netty) pipeline. */
@ExtendWith(TestTlsExtension.class)
class AzureOpenAiAgainstFakeTest {

    static final String DEPLOYMENT = "parley-gpt-4o";

    @TempDir
    Path dir;

    FakeEntra entra;
    FakeAzureOpenAi openAi;
    TokenCredential credential;

    @BeforeEach
    void start() {
        start(Duration.ofSeconds(2));
    }

    void start(Duration tokenLifetime) {
        entra = FakeEntra.builder().tokenLifetime(tokenLifetime).clockSkew(Duration.ofSeconds(2)).build().start();
        Path tokenFile = entra.writeFederatedTokenFile(dir.resolve("token"));
        openAi = FakeAzureOpenAi.builder().deployment(DEPLOYMENT).entra(entra).build().start();
        credential = new WorkloadIdentityCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(entra.tenantId())
                .clientId(entra.clientId())
                .tokenFilePath(tokenFile.toString())
                .disableInstanceDiscovery()
                .build();
    }

    @AfterEach
    void stop() {
        openAi.close();
        entra.close();
    }

    OpenAIClientBuilder client() {
        return new OpenAIClientBuilder().endpoint(openAi.endpoint()).credential(credential);
    }

    AzureOpenAiChatModel model(OpenAIClientBuilder client) {
        return AzureOpenAiChatModel.builder()
                .openAIClient(client.buildClient())
                .deploymentName(DEPLOYMENT)
                .temperature(0.2)
                .maxTokens(300)
                .build();
    }

    AzureOpenAiChatModel model() {
        return model(client());
    }

    /** Retries quickly, so failure paths stay fast; the production default backs off 0.8 s, 1.6 s, 3.2 s. */
    static RetryOptions fastRetries(int maxRetries) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(maxRetries)
                .setBaseDelay(Duration.ofMillis(10)).setMaxDelay(Duration.ofMillis(50)));
    }

    @Test
    void answersWithABearerTokenFromEntraAndRecordsTheMessages() throws Exception {
        ChatResponse response = model().chat(SystemMessage.from("Be brief."), UserMessage.from("What is Parley?"));

        assertThat(response.aiMessage().text()).isEqualTo("You asked: What is Parley?");
        assertThat(response.metadata().modelName()).isEqualTo(openAi.model());
        assertThat(response.metadata().tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.metadata().tokenUsage().outputTokenCount()).isPositive();

        RecordedChatRequest request = openAi.takeRequest(Duration.ofSeconds(1));
        assertThat(request.deployment()).isEqualTo(DEPLOYMENT);
        assertThat(request.apiVersion()).isEqualTo(FakeAzureOpenAi.SDK_DEFAULT_API_VERSION);
        assertThat(request.messages()).containsExactly(
                ChatMessage.system("Be brief."), ChatMessage.user("What is Parley?"));
        assertThat(request.temperature()).isEqualTo(0.2);
        assertThat(request.maxTokens()).isEqualTo(300);
        assertThat(entra.isValidAccessToken(request.bearerToken(), FakeAzureOpenAi.SCOPE)).isTrue();
        assertThat(entra.tokenRequests()).singleElement()
                .satisfies(t -> assertThat(t.accessToken()).isEqualTo(request.bearerToken()));
        assertThat(openAi.rejections()).isEmpty();
    }

    @Test
    void laterTurnsCarryTheEarlierOnes() throws Exception {
        openAi.enqueue(FakeChatResponse.answer("Paris."));
        model().chat(UserMessage.from("Capital of France?"),
                dev.langchain4j.data.message.AiMessage.from("Paris."), UserMessage.from("And of Italy?"));

        assertThat(openAi.takeRequest(Duration.ofSeconds(1)).messages()).containsExactly(
                ChatMessage.user("Capital of France?"), ChatMessage.assistant("Paris."),
                ChatMessage.user("And of Italy?"));
    }

    @Test
    void scriptedAnswersComeFirstThenTheDefaultResponder() {
        openAi.enqueue(FakeChatResponse.answer("first", 11, 7));
        openAi.defaultResponder(request -> FakeChatResponse.answer(request.messages().size() + " messages"));

        ChatResponse scripted = model().chat(UserMessage.from("one"));
        assertThat(scripted.aiMessage().text()).isEqualTo("first");
        assertThat(scripted.metadata().tokenUsage().inputTokenCount()).isEqualTo(11);
        assertThat(scripted.metadata().tokenUsage().outputTokenCount()).isEqualTo(7);
        assertThat(model().chat(UserMessage.from("two")).aiMessage().text()).isEqualTo("1 messages");
    }

    @Test
    void throttlingIsRetriedByAzureCoreAfterRetryAfter() {
        // longer than azure-core's own first backoff (0.8 s +- 5%), so only honouring Retry-After explains the gap
        Duration retryAfter = Duration.ofMillis(1500);
        openAi.enqueue(FakeChatResponse.throttled(retryAfter));

        ChatResponse response = model().chat(UserMessage.from("busy?"));

        assertThat(response.aiMessage().text()).isEqualTo("You asked: busy?");
        List<RecordedChatRequest> calls = openAi.requests();
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).receivedAt(), calls.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(retryAfter);
    }

    @Test
    void throttlingBeyondTheRetryBudgetSurfacesAsRateLimitException() {
        openAi.enqueue(FakeChatResponse.throttled(Duration.ofMillis(20)), FakeChatResponse.throttled(
                Duration.ofMillis(20)), FakeChatResponse.throttled(Duration.ofMillis(20)));

        assertThatThrownBy(() -> model(client().retryOptions(fastRetries(2))).chat(UserMessage.from("busy?")))
                .isInstanceOf(RateLimitException.class);
        assertThat(openAi.requestCount()).isEqualTo(3);
    }

    @Test
    void serverErrorsAreRetriedThenSurfaceAsInternalServerException() {
        openAi.enqueue(FakeChatResponse.serverError(), FakeChatResponse.serverError());
        assertThatThrownBy(() -> model(client().retryOptions(fastRetries(1))).chat(UserMessage.from("hi")))
                .isInstanceOf(InternalServerException.class);
        assertThat(openAi.requestCount()).isEqualTo(2);

        openAi.enqueue(FakeChatResponse.serverError());
        assertThat(model(client().retryOptions(fastRetries(1))).chat(UserMessage.from("again")).aiMessage().text())
                .isEqualTo("You asked: again");
    }

    @Test
    void aCallWithNoAnswerTimesOutOnTheClientSide() {
        openAi.enqueue(FakeChatResponse.noResponse());
        OpenAIClientBuilder impatient = client().retryOptions(fastRetries(0))
                .clientOptions(new HttpClientOptions().setResponseTimeout(Duration.ofMillis(500)));

        assertThatThrownBy(() -> model(impatient).chat(UserMessage.from("hello?")))
                .isInstanceOf(TimeoutException.class);
        assertThat(openAi.requestCount()).isEqualTo(1);
    }

    @Test
    void aDelayedAnswerPastTheTimeoutIsRetriedAndTheRetryAnswered() {
        openAi.enqueue(FakeChatResponse.delay(Duration.ofSeconds(10)));
        // long enough for the retry's answer on a loaded machine, far shorter than the held first answer
        OpenAIClientBuilder impatient = client().retryOptions(fastRetries(1))
                .clientOptions(new HttpClientOptions().setResponseTimeout(Duration.ofSeconds(2)));

        assertThat(model(impatient).chat(UserMessage.from("slow?")).aiMessage().text()).isEqualTo("You asked: slow?");
        assertThat(openAi.requestCount()).isEqualTo(2);
    }

    @Test
    void malformedJsonIsAClientSideFailure() {
        openAi.enqueue(FakeChatResponse.malformedJson());

        // not mapped by LangChain4j: azure-core's JSON reader failure comes through as is
        assertThatThrownBy(() -> model().chat(UserMessage.from("hi")))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("Unexpected end-of-input");
        assertThat(openAi.requestCount()).isEqualTo(1);
    }

    @Test
    void aFilteredPromptSurfacesAsContentFilteredException() {
        openAi.enqueue(FakeChatResponse.contentFiltered());

        assertThatThrownBy(() -> model().chat(UserMessage.from("something hateful")))
                .isInstanceOf(ContentFilteredException.class)
                .hasMessageContaining("content_filter");
        assertThat(openAi.requestCount()).isEqualTo(1);
    }

    @Test
    void aFilteredCompletionSurfacesAsContentFilteredException() {
        openAi.enqueue(FakeChatResponse.contentFilteredCompletion());

        assertThatThrownBy(() -> model().chat(UserMessage.from("tell me")))
                .isInstanceOf(ContentFilteredException.class)
                .hasMessageContaining("\"filtered\":true");
    }

    @Test
    void anUnknownDeploymentIs404DeploymentNotFound() {
        AzureOpenAiChatModel wrong = AzureOpenAiChatModel.builder().openAIClient(client().buildClient())
                .deploymentName("no-such-deployment").build();

        assertThatThrownBy(() -> wrong.chat(UserMessage.from("hi"))).isInstanceOf(ModelNotFoundException.class);
        assertThat(openAi.rejections()).singleElement()
                .satisfies(r -> assertThat(r.code()).isEqualTo("DeploymentNotFound"));
        assertThat(openAi.requestCount()).isZero();
    }

    @Test
    void anUnacceptedApiVersionIs400() {
        try (FakeAzureOpenAi strict = FakeAzureOpenAi.builder().deployment(DEPLOYMENT).entra(entra)
                .apiVersions(FakeAzureOpenAi.SDK_DEFAULT_API_VERSION).build().start()) {
            AzureOpenAiChatModel older = AzureOpenAiChatModel.builder().deploymentName(DEPLOYMENT)
                    .openAIClient(new OpenAIClientBuilder().endpoint(strict.endpoint()).credential(credential)
                            .serviceVersion(OpenAIServiceVersion.V2024_06_01).buildClient())
                    .build();

            assertThatThrownBy(() -> older.chat(UserMessage.from("hi"))).isInstanceOf(InvalidRequestException.class);
            assertThat(strict.rejections()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(400));
        }
    }

    @Test
    void aTokenEntraDidNotIssueIs401() {
        TokenCredential forged = request -> Mono.just(
                new AccessToken("eyJhbGciOiJub25lIn0.e30.", OffsetDateTime.now().plusHours(1)));
        AzureOpenAiChatModel model = model(new OpenAIClientBuilder().endpoint(openAi.endpoint()).credential(forged));

        assertThatThrownBy(() -> model.chat(UserMessage.from("hi"))).isInstanceOf(AuthenticationException.class);
        assertThat(openAi.rejections()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
        assertThat(openAi.requestCount()).isZero();
    }

    @Test
    void anExpiredTokenIs401() {
        AccessToken first = credential.getTokenSync(
                new com.azure.core.credential.TokenRequestContext().addScopes(FakeAzureOpenAi.SCOPE));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !entra.isValidAccessToken(first.getToken(), FakeAzureOpenAi.SCOPE));
        TokenCredential stale = request -> Mono.just(new AccessToken(first.getToken(),
                OffsetDateTime.now().plusHours(1)));

        assertThatThrownBy(() -> model(new OpenAIClientBuilder().endpoint(openAi.endpoint()).credential(stale))
                .chat(UserMessage.from("hi"))).isInstanceOf(AuthenticationException.class);
        assertThat(openAi.rejections()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void anExpiredTokenIsRefreshedBeforeTheNextCallWithoutAFailedCall() {
        AzureOpenAiChatModel model = model();
        model.chat(UserMessage.from("first"));
        String firstToken = openAi.requests().get(0).bearerToken();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !entra.isValidAccessToken(firstToken, FakeAzureOpenAi.SCOPE));

        model.chat(UserMessage.from("second"));

        assertThat(openAi.requests()).extracting(RecordedChatRequest::bearerToken)
                .hasSize(2).doesNotHaveDuplicates();
        assertThat(entra.tokenRequests()).hasSize(2);
        assertThat(openAi.rejections()).isEmpty();
    }

    @Test
    void sixtyFourConversationsThroughOneClientAreAllWithTheModelAtOnce() throws Exception {
        stop();
        start(Duration.ofHours(1));   // about concurrency, not expiry: no token may age out while calls queue
        int conversations = 64;
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(conversations);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        openAi.defaultResponder(request -> {
            arrived.countDown();
            try {
                release.await(90, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ChatResponder.echo().respond(request);
        });
        AzureOpenAiChatModel model = model();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                String question = "question " + i;
                answers.add(threads.submit(() -> model.chat(UserMessage.from(question)).aiMessage().text()));
            }

            // azure-core's Netty pool (500 connections by default) and the fake both let all 64 wait together
            assertThat(arrived.await(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            release.countDown();

            for (int i = 0; i < conversations; i++) {
                assertThat(answers.get(i).get(90, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("You asked: question " + i);
            }
        }
        assertThat(openAi.rejections()).isEmpty();
    }
}
