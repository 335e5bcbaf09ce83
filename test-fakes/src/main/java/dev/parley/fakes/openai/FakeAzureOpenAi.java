package dev.parley.fakes.openai;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.fakes.entra.FakeEntra;
import dev.parley.fakes.http.Exchanges;
import dev.parley.fakes.http.FakeHttpsServer;

/**
 * A local HTTPS stand-in for the Azure OpenAI chat-completions REST API, as {@code azure-ai-openai}
 * 1.0.0-beta.16 calls it: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=..}
 * with {@code Authorization: Bearer <Entra token>}.
 *
 * <p>It checks the bearer token (with a {@link FakeEntra}, audience {@code https://cognitiveservices.azure.com}),
 * the api-version and the deployment, then answers with the next {@link #enqueue enqueued} response, else with
 * the default {@link ChatResponder}. Every accepted call is recorded ({@link #requests()},
 * {@link #takeRequest(Duration)}); refused ones too ({@link #rejections()}). Safe for many concurrent calls:
 * each runs on its own virtual thread, so simulated latency never queues.
 */
public final class FakeAzureOpenAi implements AutoCloseable {

    public static final String SCOPE = "https://cognitiveservices.azure.com/.default";
    /** The api-version {@code azure-ai-openai} 1.0.0-beta.16 sends unless told otherwise. */
    public static final String SDK_DEFAULT_API_VERSION = "2025-01-01-preview";

    private static final Logger LOG = LoggerFactory.getLogger(FakeAzureOpenAi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHAT_PATH = Pattern.compile("/openai/deployments/([^/]+)/chat/completions");
    private static final Pattern API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");
    private static final Duration MAX_HOLD = Duration.ofMinutes(2);

    private final Set<String> deployments;
    private final Set<String> apiVersions;
    private final FakeEntra entra;
    private final String model;
    private final int port;
    private volatile Duration latency;
    private volatile ChatResponder defaultResponder;

    private final Queue<FakeChatResponse> script = new ConcurrentLinkedQueue<>();
    private final Queue<RecordedChatRequest> recorded = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<RecordedChatRequest> untaken = new LinkedBlockingQueue<>();
    private final Queue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile FakeHttpsServer server;

    private FakeAzureOpenAi(Builder builder) {
        this.deployments = Set.copyOf(builder.deployments);
        this.apiVersions = Set.copyOf(builder.apiVersions);
        this.entra = builder.entra;
        this.model = builder.model;
        this.port = builder.port;
        this.latency = builder.latency;
        this.defaultResponder = builder.defaultResponder;
    }

    public static Builder builder() {
        return new Builder();
    }

    public FakeAzureOpenAi start() {
        if (server != null) {
            throw new IllegalStateException("FakeAzureOpenAi is already started");
        }
        server = FakeHttpsServer.start(port, this::handle);
        LOG.info("FakeAzureOpenAi listening: endpoint={} deployments={} bearerChecked={}", endpoint(), deployments,
                entra != null);
        return this;
    }

    /** Releases held connections ({@link FakeChatResponse#noResponse()}) and stops listening. */
    @Override
    public void close() {
        closed.countDown();
        FakeHttpsServer running = server;
        if (running != null) {
            running.close();
        }
    }

    /** {@code https://127.0.0.1:<port>}, no trailing slash: the resource endpoint for {@code OpenAIClientBuilder}. */
    public String endpoint() {
        FakeHttpsServer running = server;
        if (running == null) {
            throw new IllegalStateException("FakeAzureOpenAi is not started; call start()");
        }
        return running.baseUrl();
    }

    /** The {@code model} field of answers (what a deployment reports, e.g. {@code gpt-4o-2024-08-06}). */
    public String model() {
        return model;
    }

    // ---- scripting ----

    /** Answers the next calls with {@code responses}, in order, before falling back to the default responder. */
    public FakeAzureOpenAi enqueue(FakeChatResponse... responses) {
        for (FakeChatResponse response : responses) {
            script.add(Objects.requireNonNull(response, "response"));
        }
        return this;
    }

    /** Replaces the responder for calls with nothing enqueued. */
    public void defaultResponder(ChatResponder responder) {
        this.defaultResponder = Objects.requireNonNull(responder, "responder");
    }

    /** Time every accepted call takes before its answer (the model "thinking"); changeable while running. */
    public void latency(Duration latency) {
        this.latency = requireNotNegative(latency);
    }

    // ---- what happened ----

    /** Every accepted call so far, in arrival order. */
    public List<RecordedChatRequest> requests() {
        return List.copyOf(recorded);
    }

    public int requestCount() {
        return recorded.size();
    }

    /**
     * The oldest accepted call not taken yet, waiting up to {@code timeout} for one; {@code null} if none came.
     * Independent of {@link #requests()}, which keeps everything.
     */
    public RecordedChatRequest takeRequest(Duration timeout) throws InterruptedException {
        return untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Calls refused by the fake's own checks (401, 400, 404), in arrival order. */
    public List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** Accepted calls whose answer has not been sent yet (useful to wait for a held call to arrive). */
    public long inFlight() {
        return inFlight.get();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = Instant.now();
            // Read the whole body before any answer: JDK HttpsServer keep-alive can otherwise strand the client's
            // next request in the TLS buffer while close() drains this one's leftovers (a ~40 s hang, then EOF).
            String requestBody = Exchanges.body(exchange);
            URI uri = exchange.getRequestURI();
            Matcher chat = CHAT_PATH.matcher(uri.getRawPath());
            if (!chat.matches() || !"POST".equals(exchange.getRequestMethod())) {
                reject(exchange, receivedAt, 404, "404", "Resource not found");
                return;
            }
            String bearer = bearerToken(exchange);
            if (!authorized(exchange, bearer)) {
                reject(exchange, receivedAt, 401, "401", "Unauthorized. Access token is missing, invalid, audience"
                        + " is incorrect (https://cognitiveservices.azure.com), or have expired.");
                return;
            }
            String apiVersion = Exchanges.formOrQuery(uri.getRawQuery()).get("api-version");
            if (!acceptsApiVersion(apiVersion)) {
                reject(exchange, receivedAt, 400, "BadRequest", apiVersion == null
                        ? "Missing required query parameter 'api-version'." : "API version not supported");
                return;
            }
            String deployment = java.net.URLDecoder.decode(chat.group(1), java.nio.charset.StandardCharsets.UTF_8);
            if (!deployments.contains(deployment)) {
                reject(exchange, receivedAt, 404, "DeploymentNotFound", "The API deployment for this resource does"
                        + " not exist. If you created the deployment within the last 5 minutes, please wait a"
                        + " moment and try again.");
                return;
            }
            Optional<JsonNode> body = parse(requestBody);
            if (body.isEmpty() || !body.get().path("messages").isArray()) {
                reject(exchange, receivedAt, 400, "BadRequest", "The request body is not a chat-completions"
                        + " request: 'messages' is required.");
                return;
            }
            RecordedChatRequest request = record(deployment, apiVersion, bearer, body.get(), receivedAt);
            answer(exchange, request);
        } catch (IOException e) {
            // The client went away (typically its timeout fired during a delayed answer): nothing to answer.
            LOG.debug("FakeAzureOpenAi could not finish an exchange: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("FakeAzureOpenAi failed to answer a request", e);
            throw e;
        }
    }

    private void answer(HttpExchange exchange, RecordedChatRequest request) throws IOException {
        inFlight.incrementAndGet();
        try {
            FakeChatResponse response = Optional.ofNullable(script.poll())
                    .orElseGet(() -> defaultResponder.respond(request));
            LOG.debug("FakeAzureOpenAi answering {} to deployment={}", response, request.deployment());
            if (!pause(latency.plus(response.delay()))) {
                return;
            }
            if (response.holdsConnection()) {
                pause(MAX_HOLD);
                return;   // closing the exchange unanswered drops the connection
            }
            Exchanges.send(exchange, response.status(), "application/json", response.render(request, model),
                    response.headers());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Waits {@code duration} unless the fake is closed first; false if it was closed. */
    private boolean pause(Duration duration) {
        if (duration.isZero()) {
            return closed.getCount() > 0;
        }
        try {
            return !closed.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private RecordedChatRequest record(String deployment, String apiVersion, String bearer, JsonNode body,
            Instant receivedAt) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            messages.add(new ChatMessage(message.path("role").asText(), content(message.path("content"))));
        }
        JsonNode maxTokens = body.hasNonNull("max_tokens") ? body.get("max_tokens") : body.get("max_completion_tokens");
        RecordedChatRequest request = new RecordedChatRequest(deployment, apiVersion, bearer, messages,
                body.hasNonNull("temperature") ? body.get("temperature").asDouble() : null,
                maxTokens != null && !maxTokens.isNull() ? maxTokens.asInt() : null, receivedAt, body);
        recorded.add(request);
        untaken.add(request);
        return request;
    }

    /** A string, or the text parts of an array of content items ({@code [{"type":"text","text":..}]}). */
    private static String content(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(part.path("text").asText("")));
            return text.toString();
        }
        return content.isNull() || content.isMissingNode() ? null : content.toString();
    }

    private void reject(HttpExchange exchange, Instant receivedAt, int status, String code, String message)
            throws IOException {
        rejections.add(new Rejection(status, code, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                receivedAt));
        LOG.info("FakeAzureOpenAi refused {} {}: status={} code={}", exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), status, code);
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        Exchanges.send(exchange, status, "application/json", root.toString(), Map.of());
    }

    private boolean authorized(HttpExchange exchange, String bearer) {
        if (entra != null) {
            return bearer != null && entra.isValidAccessToken(bearer, SCOPE);
        }
        return bearer != null || exchange.getRequestHeaders().getFirst("api-key") != null;
    }

    private boolean acceptsApiVersion(String apiVersion) {
        if (apiVersion == null) {
            return false;
        }
        return apiVersions.isEmpty() ? API_VERSION.matcher(apiVersion).matches() : apiVersions.contains(apiVersion);
    }

    private static String bearerToken(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Duration requireNotNegative(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or positive: " + duration);
        }
        return duration;
    }

    /** Options for a {@link FakeAzureOpenAi}; every one has a working default. */
    public static final class Builder {
        private final Set<String> deployments = new LinkedHashSet<>();
        private final Set<String> apiVersions = new LinkedHashSet<>();
        private FakeEntra entra;
        private String model = "gpt-4o-2024-08-06";
        private Duration latency = Duration.ZERO;
        private ChatResponder defaultResponder = ChatResponder.echo();
        private int port;

        private Builder() {
        }

        /** A deployment that exists; add several with repeated calls. Default: only {@code gpt-4o}. */
        public Builder deployment(String deployment) {
            deployments.add(Objects.requireNonNull(deployment, "deployment"));
            return this;
        }

        /** Accepted api-versions. Default: any {@code yyyy-mm-dd[-preview]} value. */
        public Builder apiVersions(String... versions) {
            apiVersions.addAll(List.of(versions));
            return this;
        }

        /** Check bearer tokens with this fake Entra (scope {@link #SCOPE}). Without one, any bearer or api-key. */
        public Builder entra(FakeEntra entra) {
            this.entra = Objects.requireNonNull(entra, "entra");
            return this;
        }

        public Builder model(String model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = requireNotNegative(latency);
            return this;
        }

        public Builder defaultResponder(ChatResponder responder) {
            this.defaultResponder = Objects.requireNonNull(responder, "responder");
            return this;
        }

        /** Listening port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public FakeAzureOpenAi build() {
            if (deployments.isEmpty()) {
                deployments.add("gpt-4o");
            }
            return new FakeAzureOpenAi(this);
        }
    }
}
