package dev.parley.worker.answering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.fakes.openai.ChatMessage;
import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.fakes.openai.FakeChatResponse;
import dev.parley.fakes.tls.TestTlsExtension;
import dev.parley.worker.conversation.Turn;
import dev.parley.worker.identity.CredentialKind;
import dev.parley.worker.identity.WorkloadIdentityFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answerer as the worker builds it: real LangChain4j, azure-ai-openai and Netty pipeline over HTTPS to a
 * local Azure OpenAI, authenticated by the real WorkloadIdentityCredential against a local Entra.
 */
@ExtendWith(TestTlsExtension.class)
class AzureOpenAiAnswererTest {

    static final String DEPLOYMENT = "parley-gpt-4o";
    static final String SYSTEM = "You are Parley under test.";
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    WorkloadIdentityFixture identity;
    FakeAzureOpenAi openAi;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        identity = new WorkloadIdentityFixture(dir, Duration.ofHours(1));
        openAi = FakeAzureOpenAi.builder().deployment(DEPLOYMENT).entra(identity.entra).build().start();
    }

    @AfterEach
    void stop() {
        openAi.close();
        identity.close();
    }

    AnsweringProperties properties(Duration timeout, Duration throttleBudget, int maxRetries) {
        // The trailing slash is deliberate: endpoints are often pasted that way.
        return new AnsweringProperties(AnsweringProperties.Mode.AZURE_OPENAI, openAi.endpoint() + "/", DEPLOYMENT,
                AnsweringProperties.DEFAULT_API_VERSION, 0.2, 200, timeout, SYSTEM, throttleBudget, maxRetries);
    }

    AzureOpenAiAnswerer answerer(AnsweringProperties properties) {
        return AzureOpenAiAnswerer.create(properties, identity.credential(), metrics);
    }

    AzureOpenAiAnswerer answerer() {
        return answerer(properties(Duration.ofSeconds(5), Duration.ofSeconds(10), 2));
    }

    /**
     * One answered call first: the first call of a JVM loads and initialises MSAL, Netty and TLS, which on a
     * busy machine takes seconds, and the tests that measure waits against a budget must not count that.
     */
    AzureOpenAiAnswerer warmedUp(AzureOpenAiAnswerer answerer) {
        assertThat(answerer.answer(question("warm-up"))).isInstanceOf(Answer.Answered.class);
        return answerer;
    }

    static AnswerRequest question(String text, Turn... history) {
        return new AnswerRequest("conv-1", "msg-" + text.hashCode(), List.of(history), text);
    }

    @Test
    void aLaterPromptCarriesTheSystemPromptAndTheEarlierTurnsInOrder() {
        Answer answer = answerer().answer(question("And in winter?",
                new Turn("m1", "What is the capital of Switzerland?", "Bern.", T0),
                new Turn("m2", "How cold is it there?", "Mild in summer.", T0.plusSeconds(10))));

        assertThat(answer).isInstanceOfSatisfying(Answer.Answered.class, a -> {
            assertThat(a.text()).isEqualTo("You asked: And in winter?");
            assertThat(a.promptTokens()).isPositive();
            assertThat(a.completionTokens()).isPositive();
            assertThat(a.model()).isEqualTo(openAi.model());
        });
        assertThat(openAi.requests()).singleElement().satisfies(request -> {
            assertThat(request.messages()).containsExactly(
                    ChatMessage.system(SYSTEM),
                    ChatMessage.user("What is the capital of Switzerland?"),
                    ChatMessage.assistant("Bern."),
                    ChatMessage.user("How cold is it there?"),
                    ChatMessage.assistant("Mild in summer."),
                    ChatMessage.user("And in winter?"));
            assertThat(request.deployment()).isEqualTo(DEPLOYMENT);
            assertThat(request.apiVersion()).isEqualTo(AnsweringProperties.DEFAULT_API_VERSION);
            assertThat(request.temperature()).isEqualTo(0.2);
            assertThat(request.maxTokens()).isEqualTo(200);
            assertThat(identity.entra.isValidAccessToken(request.bearerToken(), FakeAzureOpenAi.SCOPE)).isTrue();
        });
        assertThat(identity.credential().order()).contains(CredentialKind.WORKLOAD);
    }

    @Test
    void anEndpointWithATrailingSlashIsNormalized() {
        AnsweringProperties properties = properties(Duration.ofSeconds(5), Duration.ofSeconds(10), 0);

        assertThat(properties.normalizedEndpoint()).isEqualTo(openAi.endpoint());
        assertThat(answerer(properties).answer(question("hi"))).isInstanceOf(Answer.Answered.class);
        assertThat(openAi.rejections()).isEmpty();
    }

    @Test
    void aThrottledCallWaitsWhatRetryAfterAsksThenAnswersWithOneRetryLayer() {
        AzureOpenAiAnswerer answerer = warmedUp(answerer());
        openAi.enqueue(FakeChatResponse.throttled(Duration.ofMillis(1200)), FakeChatResponse.answer("after the wait"));

        Answer answer = answerer.answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Answered.class, a -> assertThat(a.text()).isEqualTo("after the wait"));
        assertThat(openAi.requestCount() - 1).as("one retry, not retries stacked in two layers").isEqualTo(2);
        Duration gap = Duration.between(openAi.requests().get(1).receivedAt(), openAi.requests().get(2).receivedAt());
        assertThat(gap).as("the Retry-After wait is honoured").isGreaterThanOrEqualTo(Duration.ofMillis(1150));
    }

    @Test
    void throttlingUntilTheBudgetIsSpentBecomesUnavailableWithAClearReason() {
        AzureOpenAiAnswerer answerer = warmedUp(answerer(properties(Duration.ofSeconds(5), Duration.ofSeconds(2), 2)));
        for (int i = 0; i < 10; i++) {
            openAi.enqueue(FakeChatResponse.throttled(Duration.ofMillis(700)));
        }

        Answer answer = answerer.answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_unavailable");
            assertThat(u.reason()).contains("429").contains("parley.answering.throttle-budget").contains("2.0 s");
        });
        // Tries at 0 s, 0.7 s, 1.4 s; a fourth would start after 2.1 s, past the budget. (Two when the machine
        // is so busy that the calls themselves eat the budget; a second retry layer would make many more.)
        assertThat(openAi.requestCount() - 1).isBetween(2, 3);
    }

    @Test
    void aRetryAfterLongerThanTheBudgetIsNotWaitedFor() {
        AzureOpenAiAnswerer answerer = warmedUp(answerer(properties(Duration.ofSeconds(5), Duration.ofSeconds(2), 2)));
        openAi.enqueue(FakeChatResponse.throttled(Duration.ofSeconds(30)), FakeChatResponse.answer("too late"));
        long start = System.nanoTime();

        Answer answer = answerer.answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class,
                u -> assertThat(u.reason()).contains("asked to wait 30.0 s"));
        assertThat(openAi.requestCount() - 1).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theAsyncClientGetsTheSameSingleRetryLayer() {
        warmedUp(answerer());
        openAi.enqueue(FakeChatResponse.throttled(Duration.ofMillis(500)), FakeChatResponse.serverError(),
                FakeChatResponse.answer("async answer"));
        var client = AzureOpenAiAnswerer.openAiClient(properties(Duration.ofSeconds(5), Duration.ofSeconds(10), 2),
                identity.credential()).buildAsyncClient();

        var completions = client.getChatCompletions(DEPLOYMENT, new com.azure.ai.openai.models.ChatCompletionsOptions(
                List.of(new com.azure.ai.openai.models.ChatRequestUserMessage("hello")))).block(Duration.ofSeconds(30));

        assertThat(completions.getChoices().getFirst().getMessage().getContent()).isEqualTo("async answer");
        assertThat(openAi.requestCount() - 1).isEqualTo(3);
    }

    @Test
    void aServerErrorIsRetriedThenAnswered() {
        openAi.enqueue(FakeChatResponse.serverError(), FakeChatResponse.answer("recovered"));

        assertThat(answerer().answer(question("hello")))
                .isInstanceOfSatisfying(Answer.Answered.class, a -> assertThat(a.text()).isEqualTo("recovered"));
        assertThat(openAi.requestCount()).isEqualTo(2);
    }

    @Test
    void persistentServerErrorsBecomeUnavailableAfterMaxRetries() {
        openAi.enqueue(FakeChatResponse.serverError(), FakeChatResponse.serverError(), FakeChatResponse.serverError(),
                FakeChatResponse.answer("never reached"));

        Answer answer = answerer(properties(Duration.ofSeconds(5), Duration.ofSeconds(10), 2)).answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_unavailable");
            assertThat(u.reason()).contains("500").contains("parley.answering.max-retries");
        });
        assertThat(openAi.requestCount()).isEqualTo(3);
    }

    @Test
    void aModelThatDoesNotAnswerInTimeBecomesUnavailable() {
        AzureOpenAiAnswerer answerer = warmedUp(answerer(properties(Duration.ofMillis(1500), Duration.ofSeconds(20), 1)));
        openAi.enqueue(FakeChatResponse.noResponse(), FakeChatResponse.noResponse(), FakeChatResponse.answer("never reached"));

        Answer answer = answerer.answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_unavailable");
            assertThat(u.reason()).contains("did not answer within 1.5 s").contains("parley.answering.timeout");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> openAi.requestCount() - 1 == 2);
    }

    @Test
    void malformedJsonBecomesUnavailableWithoutARetry() {
        openAi.enqueue(FakeChatResponse.malformedJson(), FakeChatResponse.answer("never reached"));

        Answer answer = answerer().answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_unavailable");
            assertThat(u.reason()).contains("could not be read");
        });
        assertThat(openAi.requestCount()).isEqualTo(1);
    }

    @Test
    void aPromptBlockedByTheContentFilterIsRejectedWithTheReason() {
        openAi.enqueue(FakeChatResponse.contentFiltered());

        Answer answer = answerer().answer(question("something nasty"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Rejected.class, r -> {
            assertThat(r.code()).isEqualTo("content_filtered");
            assertThat(r.reason()).contains("content filter").contains("hate").contains("modify your prompt");
        });
        assertThat(openAi.requestCount()).isEqualTo(1);
    }

    @Test
    void aCompletionWithheldByTheContentFilterIsRejected() {
        openAi.enqueue(FakeChatResponse.contentFilteredCompletion());

        assertThat(answerer().answer(question("tell me")))
                .isInstanceOfSatisfying(Answer.Rejected.class, r -> {
                    assertThat(r.code()).isEqualTo("content_filtered");
                    assertThat(r.reason()).contains("withheld").contains("hate");
                });
    }

    @Test
    void anUnknownDeploymentIsUnavailableWithWhatToCheck() {
        AnsweringProperties wrong = new AnsweringProperties(AnsweringProperties.Mode.AZURE_OPENAI, openAi.endpoint(),
                "no-such-deployment", AnsweringProperties.DEFAULT_API_VERSION, 0.2, 200, Duration.ofSeconds(5), SYSTEM,
                Duration.ofSeconds(10), 2);

        Answer answer = answerer(wrong).answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_misconfigured");
            assertThat(u.reason()).contains("404").contains("no-such-deployment").contains("DEPLOYMENT_NAME");
        });
        assertThat(openAi.rejections()).hasSize(1);
    }

    @Test
    void expiredTokensAreRefreshedWithoutAFailedCall() {
        warmedUp(answerer()); // with hour-long tokens, so that first-call set-up does not eat a short token's life
        openAi.close();
        identity.close();
        Duration lifetime = Duration.ofSeconds(3);
        identity = new WorkloadIdentityFixture(dir, lifetime);
        openAi = FakeAzureOpenAi.builder().deployment(DEPLOYMENT).entra(identity.entra).build().start();
        AzureOpenAiAnswerer answerer = answerer();

        for (int i = 1; i <= 3; i++) {
            Answer answer = answerer.answer(question("question " + i));
            assertThat(answer).as("call %d", i).isInstanceOf(Answer.Answered.class);
            Instant expiry = identity.entra.tokenRequests().getLast().receivedAt().plus(lifetime);
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiry.plusMillis(100)));
        }

        assertThat(openAi.rejections()).as("no call was refused for an expired token").isEmpty();
        assertThat(openAi.requestCount()).isEqualTo(3);
        assertThat(identity.entra.tokenRequests()).hasSizeGreaterThan(1).allMatch(r -> r.succeeded());
    }

    @Test
    void noTokenFromEntraBecomesUnavailableNamingTheIdentity() {
        identity.entra.failNextTokenRequests(1_000);

        Answer answer = answerer(properties(Duration.ofSeconds(5), Duration.ofSeconds(10), 0)).answer(question("hello"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Unavailable.class, u -> {
            assertThat(u.code()).isEqualTo("model_unavailable");
            assertThat(u.reason()).contains("no Entra token for Azure OpenAI").contains("parley.identity");
        });
        assertThat(openAi.requestCount()).isZero();
    }

    @Test
    void theCallersLoggingContextIsKept() {
        org.slf4j.MDC.put("conversationId", "conv-outer");
        try {
            answerer().answer(question("hello"));

            assertThat(org.slf4j.MDC.get("conversationId")).isEqualTo("conv-outer");
            assertThat(org.slf4j.MDC.get("messageId")).isNull();
        } finally {
            org.slf4j.MDC.clear();
        }
    }

    @Test
    void modelLatencyAndTokensAreRecorded() {
        openAi.enqueue(FakeChatResponse.answer("counted", 11, 7));

        answerer().answer(question("count me"));

        assertThat(metrics.get("parley.model.latency").tag("outcome", "answered").timer().count()).isEqualTo(1);
        assertThat(metrics.get("parley.model.tokens").tag("kind", "prompt").counter().count()).isEqualTo(11);
        assertThat(metrics.get("parley.model.tokens").tag("kind", "completion").counter().count()).isEqualTo(7);
    }
}
