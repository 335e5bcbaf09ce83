package dev.parley.worker.answering;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import dev.langchain4j.exception.ContentFilteredException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns a failed model call into the {@link Answer} the worker replies with, with a reason a person can act on. */
final class ModelFailures {

    static final String CONTENT_FILTERED = "content_filtered";
    static final String UNAVAILABLE = "model_unavailable";
    static final String MISCONFIGURED = "model_misconfigured";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AnsweringProperties properties;

    ModelFailures(AnsweringProperties properties) {
        this.properties = properties;
    }

    Answer classify(RuntimeException failure, Duration elapsed) {
        if (failure instanceof ContentFilteredException filtered) {
            return new Answer.Rejected(CONTENT_FILTERED, contentFilterReason(filtered));
        }
        // A response from the model endpoint; token failures also arrive as ClientAuthenticationException.
        Optional<HttpResponseException> http = find(failure, HttpResponseException.class)
                .filter(e -> e.getResponse() != null && e.getResponse().getRequest() != null
                        && e.getResponse().getRequest().getUrl().getPath().contains("/openai/"));
        if (http.isPresent()) {
            return forStatus(http.get(), elapsed, failure);
        }
        Optional<? extends Throwable> tokenFailure = find(failure, ClientAuthenticationException.class)
                .<Throwable>map(e -> e).or(() -> find(failure, com.microsoft.aad.msal4j.MsalException.class));
        if (tokenFailure.isPresent()) {
            return new Answer.Unavailable(UNAVAILABLE, "no Entra token for Azure OpenAI: "
                    + firstLine(tokenFailure.get().getMessage())
                    + " (see the identity chosen at startup; parley.identity.*)", failure);
        }
        if (isTimeout(failure)) {
            return new Answer.Unavailable(UNAVAILABLE, "Azure OpenAI did not answer within "
                    + seconds(properties.timeout()) + " (parley.answering.timeout), " + properties.maxRetries()
                    + " retries at most, " + seconds(elapsed) + " in all", failure);
        }
        // Before IOException: the SDK's JSON parse errors are IOExceptions too.
        if (find(failure, JacksonException.class).isPresent() || isJsonParseError(failure)) {
            return new Answer.Unavailable(UNAVAILABLE, "Azure OpenAI returned a response that could not be read: "
                    + firstLine(String.valueOf(failure.getMessage())), failure);
        }
        if (find(failure, IOException.class).isPresent()) {
            return new Answer.Unavailable(UNAVAILABLE, "could not reach Azure OpenAI at " + properties.normalizedEndpoint()
                    + ": " + firstLine(find(failure, IOException.class).get().toString()), failure);
        }
        return new Answer.Unavailable(UNAVAILABLE, "the call to Azure OpenAI failed: " + firstLine(String.valueOf(failure)), failure);
    }

    private Answer forStatus(HttpResponseException e, Duration elapsed, RuntimeException failure) {
        HttpResponse response = e.getResponse();
        int status = response.getStatusCode();
        Optional<JsonNode> error = errorBody(e);
        String code = error.map(n -> n.path("code").asString("")).orElse("");
        String message = error.map(n -> n.path("message").asString("")).filter(s -> !s.isBlank())
                .orElseGet(() -> firstLine(e.getMessage()));
        if ("content_filter".equals(code)) {
            return new Answer.Rejected(CONTENT_FILTERED, "the question was blocked by Azure OpenAI's content filter"
                    + filteredCategories(error.get().path("innererror").path("content_filter_result")) + ": " + message);
        }
        if (status == 429) {
            String retryAfter = ModelRetryPolicy.retryAfter(response.getHeaders())
                    .map(d -> "; it last asked to wait " + seconds(d)).orElse("");
            return new Answer.Unavailable(UNAVAILABLE, "Azure OpenAI is throttling (429) and the throttle budget of "
                    + seconds(properties.throttleBudget()) + " (parley.answering.throttle-budget) is spent after "
                    + seconds(elapsed) + retryAfter + "; the deployment needs more tokens-per-minute quota or less load",
                    failure);
        }
        if (status >= 500 || status == 408) {
            return new Answer.Unavailable(UNAVAILABLE, "Azure OpenAI answered " + status + " after "
                    + properties.maxRetries() + " retries at most (parley.answering.max-retries): " + message, failure);
        }
        String hint = switch (status) {
            case 401 -> "the token was refused: use the custom-subdomain endpoint and a credential of the right tenant";
            case 403 -> "the identity lacks the role Cognitive Services OpenAI User on the Azure OpenAI resource";
            case 404 -> "no deployment '" + properties.deployment() + "' at " + properties.normalizedEndpoint()
                    + ": check parley.answering.deployment (DEPLOYMENT_NAME) and parley.answering.endpoint (OPENAI_API_BASE)";
            default -> "the request was refused";
        };
        return new Answer.Unavailable(MISCONFIGURED, "Azure OpenAI answered " + status + ": " + hint + " (" + message + ")",
                failure);
    }

    private static String contentFilterReason(ContentFilteredException filtered) {
        Optional<HttpResponseException> http = find(filtered, HttpResponseException.class);
        if (http.isPresent()) {
            Optional<JsonNode> error = errorBody(http.get());
            String message = error.map(n -> n.path("message").asString("")).filter(s -> !s.isBlank())
                    .orElseGet(() -> firstLine(http.get().getMessage()));
            String categories = error.map(n -> filteredCategories(n.path("innererror").path("content_filter_result"))).orElse("");
            return "the question was blocked by Azure OpenAI's content filter" + categories + ": " + message;
        }
        // finish_reason content_filter: the message is the choice's content filter results as JSON.
        String categories = "";
        try {
            categories = filteredCategories(JSON.readTree(filtered.getMessage()));
        } catch (RuntimeException notJson) {
            // keep the generic reason
        }
        return "the answer was withheld by Azure OpenAI's content filter" + categories;
    }

    private static String filteredCategories(JsonNode results) {
        if (results == null || !results.isObject()) {
            return "";
        }
        List<String> hit = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : results.properties()) {
            if (e.getValue().path("filtered").asBoolean(false)) {
                String severity = e.getValue().path("severity").asString("");
                hit.add(severity.isEmpty() ? e.getKey() : e.getKey() + " (" + severity + ")");
            }
        }
        return hit.isEmpty() ? "" : " (" + String.join(", ", hit) + ")";
    }

    /** The {@code error} object of an Azure OpenAI error response, from the exception's value or its message. */
    private static Optional<JsonNode> errorBody(HttpResponseException e) {
        try {
            JsonNode root = null;
            if (e.getValue() instanceof Map<?, ?> map) {
                root = JSON.valueToTree(map);
            } else if (e.getValue() instanceof String s) {
                root = JSON.readTree(s);
            } else if (e.getMessage() != null && e.getMessage().contains("{")) {
                String m = e.getMessage();
                root = JSON.readTree(m.substring(m.indexOf('{'), m.lastIndexOf('}') + 1));
            }
            return Optional.ofNullable(root).map(r -> r.path("error")).filter(JsonNode::isObject);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static boolean isJsonParseError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.contains(".json.") || name.contains(".jackson.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof dev.langchain4j.exception.TimeoutException
                || find(failure, java.util.concurrent.TimeoutException.class).isPresent()
                || find(failure, io.netty.handler.timeout.TimeoutException.class).isPresent()
                || find(failure, io.netty.channel.ConnectTimeoutException.class).isPresent();
    }

    static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }
}
