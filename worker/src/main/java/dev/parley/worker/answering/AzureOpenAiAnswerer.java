package dev.parley.worker.answering;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.azure.AzureOpenAiChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.parley.worker.conversation.Turn;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Answers through Azure OpenAI: LangChain4j's {@link AzureOpenAiChatModel} over an {@link OpenAIClient}
 * that authenticates with the process's shared {@link TokenCredential} (so tokens are refreshed for the
 * life of the process, by one cache).
 *
 * <p>The prompt is the system prompt, the history as user/assistant pairs, then the question. Retries
 * are {@link ModelRetryPolicy}'s alone. Failures come back as {@link Answer.Unavailable}, content-filter
 * refusals as {@link Answer.Rejected}; {@link #answer} does not throw for them.
 */
public final class AzureOpenAiAnswerer implements Answerer {

    // The keys the intake puts in the MDC for a turn (logging.pattern.correlation); set for the call, then restored.
    static final String MDC_CONVERSATION = "conversationId";
    static final String MDC_MESSAGE = "messageId";

    private static final Logger log = LoggerFactory.getLogger(AzureOpenAiAnswerer.class);

    private final ChatModel model;
    private final AnsweringProperties properties;
    private final ModelFailures failures;
    private final ModelMetrics metrics;

    AzureOpenAiAnswerer(ChatModel model, AnsweringProperties properties, MeterRegistry registry) {
        this.model = Objects.requireNonNull(model, "model");
        this.properties = properties;
        this.failures = new ModelFailures(properties);
        this.metrics = new ModelMetrics(registry);
    }

    /**
     * @param credential the process's one credential (bean {@code parleyTokenCredential})
     * @param registry   where to record model metrics, or {@code null}
     */
    public static AzureOpenAiAnswerer create(AnsweringProperties properties, TokenCredential credential, MeterRegistry registry) {
        return new AzureOpenAiAnswerer(chatModel(properties, openAiClient(properties, credential).buildClient()),
                properties, registry);
    }

    static OpenAIClientBuilder openAiClient(AnsweringProperties properties, TokenCredential credential) {
        Duration timeout = properties.timeout();
        return new OpenAIClientBuilder()
                .endpoint(properties.normalizedEndpoint())
                .credential(Objects.requireNonNull(credential, "credential"))
                .serviceVersion(properties.serviceVersion().orElseThrow(() -> new IllegalArgumentException(
                        "parley.answering.api-version=" + properties.apiVersion() + " is not supported; use one of "
                                + AnsweringProperties.supportedApiVersions())))
                // azure-core's retry off: ModelRetryPolicy is the one layer (it honours Retry-After within a budget).
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .addPolicy(new ModelRetryPolicy(properties.throttleBudget(), properties.maxRetries()))
                .clientOptions(new HttpClientOptions()
                        .setResponseTimeout(timeout)
                        .setReadTimeout(timeout)
                        .setConnectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10)));
    }

    static ChatModel chatModel(AnsweringProperties properties, OpenAIClient client) {
        return AzureOpenAiChatModel.builder()
                .openAIClient(client)
                .deploymentName(properties.deployment())
                .temperature(properties.temperature())
                .maxTokens(properties.maxTokens())
                .maxRetries(0) // LangChain4j retries without delay; never stack it on ModelRetryPolicy
                .build();
    }

    @Override
    public Answer answer(AnswerRequest request) {
        List<ChatMessage> messages = prompt(request);
        long start = System.nanoTime();
        Answer answer;
        String outerConversation = MDC.get(MDC_CONVERSATION);
        String outerMessage = MDC.get(MDC_MESSAGE);
        try {
            MDC.put(MDC_CONVERSATION, request.conversationId());
            MDC.put(MDC_MESSAGE, request.messageId());
            ChatResponse response = model.chat(ChatRequest.builder().messages(messages).build());
            answer = answered(response);
        } catch (RuntimeException e) {
            answer = failures.classify(e, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            restore(MDC_CONVERSATION, outerConversation);
            restore(MDC_MESSAGE, outerMessage);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - start);
        metrics.record(answer, latency);
        log(request, answer, latency);
        return answer;
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    List<ChatMessage> prompt(AnswerRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.history().size() * 2 + 2);
        if (!properties.systemPrompt().isBlank()) {
            messages.add(SystemMessage.from(properties.systemPrompt()));
        }
        for (Turn turn : request.history()) {
            messages.add(UserMessage.from(turn.question()));
            messages.add(AiMessage.from(turn.answer()));
        }
        messages.add(UserMessage.from(request.question()));
        return messages;
    }

    private Answer answered(ChatResponse response) {
        String text = response.aiMessage() == null || response.aiMessage().text() == null ? "" : response.aiMessage().text();
        TokenUsage usage = response.tokenUsage();
        int prompt = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        int completion = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
        String modelName = response.modelName() == null ? properties.deployment() : response.modelName();
        return new Answer.Answered(text, prompt, completion, modelName);
    }

    private static void log(AnswerRequest request, Answer answer, Duration latency) {
        switch (answer) {
            case Answer.Answered a -> log.info("conversation={} message={} answered by {} in {} ms, tokens prompt={} completion={}",
                    request.conversationId(), request.messageId(), a.model(), latency.toMillis(), a.promptTokens(), a.completionTokens());
            case Answer.Rejected r -> log.info("conversation={} message={} rejected ({}) in {} ms: {}",
                    request.conversationId(), request.messageId(), r.code(), latency.toMillis(), r.reason());
            case Answer.Unavailable u -> log.warn("conversation={} message={} model unavailable ({}) after {} ms: {}",
                    request.conversationId(), request.messageId(), u.code(), latency.toMillis(), u.reason());
        }
    }
}
