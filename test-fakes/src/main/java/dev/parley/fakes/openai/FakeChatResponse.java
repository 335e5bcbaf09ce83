package dev.parley.fakes.openai;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@link FakeAzureOpenAi} answers to one chat-completions call. Immutable; the factories mirror what
 * Azure OpenAI really sends (bodies, status codes, headers).
 */
public final class FakeChatResponse {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FunctionalInterface
    interface Body {
        String render(RecordedChatRequest request, String model);
    }

    private final String description;
    private final int status;
    private final Map<String, String> headers;
    private final Body body;
    private final Duration delay;
    private final boolean hold;

    private FakeChatResponse(String description, int status, Map<String, String> headers, Body body,
            Duration delay, boolean hold) {
        this.description = description;
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.delay = delay;
        this.hold = hold;
    }

    /** 200 with {@code text} as the assistant message, {@code finish_reason: stop} and estimated usage. */
    public static FakeChatResponse answer(String text) {
        Objects.requireNonNull(text, "text");
        return ok("answer", (request, model) -> completion(request, model, text, "stop",
                TokenEstimate.prompt(request.messages()), TokenEstimate.of(text), false));
    }

    /** 200 with {@code text} and exactly the given usage figures. */
    public static FakeChatResponse answer(String text, int promptTokens, int completionTokens) {
        Objects.requireNonNull(text, "text");
        return ok("answer", (request, model) -> completion(request, model, text, "stop", promptTokens,
                completionTokens, false));
    }

    /** 429 with {@code Retry-After} (whole seconds, rounded up) and {@code retry-after-ms}, as Azure sends. */
    public static FakeChatResponse throttled(Duration retryAfter) {
        long millis = retryAfter.toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        Map<String, String> headers = Map.of("Retry-After", Long.toString(seconds), "retry-after-ms",
                Long.toString(millis));
        return new FakeChatResponse("throttled(" + retryAfter + ")", 429, headers,
                (request, model) -> error("429", "Requests to the ChatCompletions_Create Operation under Azure"
                        + " OpenAI API version " + request.apiVersion() + " have exceeded token rate limit of your"
                        + " current OpenAI S0 pricing tier. Please retry after " + seconds + " seconds."),
                Duration.ZERO, false);
    }

    /** 500 with Azure's generic server-error body. */
    public static FakeChatResponse serverError() {
        return status(500, "InternalServerError", "The server had an error while processing your request."
                + " Sorry about that!");
    }

    /** Any status with an Azure error body {@code {"error":{"code":..,"message":..}}}. */
    public static FakeChatResponse status(int status, String code, String message) {
        return new FakeChatResponse("status(" + status + ", " + code + ")", status, Map.of(),
                (request, model) -> error(code, message), Duration.ZERO, false);
    }

    /** Never answers: holds the connection until the client gives up or the fake is closed. */
    public static FakeChatResponse noResponse() {
        return new FakeChatResponse("noResponse", 0, Map.of(), (request, model) -> "", Duration.ZERO, true);
    }

    /** Answers like {@link ChatResponder#echo()}, but only after {@code delay} (e.g. past the client's timeout). */
    public static FakeChatResponse delay(Duration delay) {
        return ok("delay", (request, model) -> {
            String text = "You asked: " + request.lastUserMessage();
            return completion(request, model, text, "stop", TokenEstimate.prompt(request.messages()),
                    TokenEstimate.of(text), false);
        }).delayedBy(delay);
    }

    /** 200, {@code application/json}, but the body is cut off mid-object. */
    public static FakeChatResponse malformedJson() {
        return ok("malformedJson", (request, model) -> "{\"id\":\"chatcmpl-broken\",\"object\":\"chat.completion\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"The answer is");
    }

    /**
     * 400 as Azure answers when the <em>prompt</em> trips the content filter: {@code code: content_filter},
     * {@code innererror.code: ResponsibleAIPolicyViolation} and the per-category {@code content_filter_result}.
     */
    public static FakeChatResponse contentFiltered() {
        return new FakeChatResponse("contentFiltered", 400, Map.of(), (request, model) -> {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode error = root.putObject("error");
            error.put("message", "The response was filtered due to the prompt triggering Azure OpenAI's content"
                    + " management policy. Please modify your prompt and retry.");
            error.putNull("type");
            error.put("param", "prompt");
            error.put("code", "content_filter");
            error.put("status", 400);
            ObjectNode inner = error.putObject("innererror");
            inner.put("code", "ResponsibleAIPolicyViolation");
            categories(inner.putObject("content_filter_result"), true);
            return root.toString();
        }, Duration.ZERO, false);
    }

    /** 200 whose choice stopped with {@code finish_reason: content_filter}: the <em>completion</em> was filtered. */
    public static FakeChatResponse contentFilteredCompletion() {
        return ok("contentFilteredCompletion", (request, model) -> completion(request, model, "", "content_filter",
                TokenEstimate.prompt(request.messages()), 0, true));
    }

    /** The same response, sent only after {@code delay}. */
    public FakeChatResponse delayedBy(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new FakeChatResponse(description + ".delayedBy(" + delay + ")", status, headers, body, delay, hold);
    }

    /** HTTP status; 0 for {@link #noResponse()}. */
    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Duration delay() {
        return delay;
    }

    boolean holdsConnection() {
        return hold;
    }

    String render(RecordedChatRequest request, String model) {
        return body.render(request, model);
    }

    @Override
    public String toString() {
        return "FakeChatResponse[" + description + "]";
    }

    private static FakeChatResponse ok(String description, Body body) {
        return new FakeChatResponse(description, 200, Map.of(), body, Duration.ZERO, false);
    }

    private static String error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return root.toString();
    }

    private static String completion(RecordedChatRequest request, String model, String text, String finishReason,
            int promptTokens, int completionTokens, boolean filtered) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
        root.put("object", "chat.completion");
        root.put("created", Instant.now().getEpochSecond());
        root.put("model", model);
        root.put("system_fingerprint", "fp_parley_fake");
        ObjectNode promptFilter = root.putArray("prompt_filter_results").addObject();
        promptFilter.put("prompt_index", 0);
        categories(promptFilter.putObject("content_filter_results"), false);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", finishReason);
        choice.putNull("logprobs");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (filtered) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        categories(choice.putObject("content_filter_results"), filtered);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        return root.toString();
    }

    /** Azure's four harm categories; when {@code filtered}, {@code hate} is the one that tripped. */
    private static void categories(ObjectNode node, boolean filtered) {
        Map<String, String> severities = new LinkedHashMap<>();
        severities.put("hate", filtered ? "high" : "safe");
        severities.put("self_harm", "safe");
        severities.put("sexual", "safe");
        severities.put("violence", "safe");
        severities.forEach((category, severity) -> {
            ObjectNode c = node.putObject(category);
            c.put("filtered", !"safe".equals(severity));
            c.put("severity", severity);
        });
    }
}
