package dev.parley.worker.answering;

import com.azure.ai.openai.OpenAIServiceVersion;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How questions are answered, prefix {@code parley.answering}. The seed's variables are accepted as
 * aliases (see {@link SeedAliases}): {@code OPENAI_API_BASE}, {@code DEPLOYMENT_NAME},
 * {@code TEMPERATURE}, {@code OPENAI_API_VERSION}.
 *
 * @param mode           {@code azure-openai} (default) or {@code offline} (no model, for the local run)
 * @param endpoint       Azure OpenAI endpoint, {@code https://<resource>.openai.azure.com} (custom subdomain, needed for Entra ID)
 * @param deployment     model deployment name
 * @param apiVersion     Azure OpenAI REST API version
 * @param temperature    sampling temperature, 0 to 2
 * @param maxTokens      most tokens a reply may have
 * @param timeout        longest wait for one model response
 * @param systemPrompt   the system message at the start of every prompt
 * @param throttleBudget longest total time spent waiting on 429 {@code Retry-After} and retries for one
 *                       question; a call can last up to this plus one {@code timeout}: keep that under the
 *                       intake's lock renewal ({@code parley.intake.max-lock-renewal}); 0 = never wait
 * @param maxRetries     retries after a 5xx, a timeout or a broken connection (within the budget too)
 */
@Validated
@ConfigurationProperties("parley.answering")
public record AnsweringProperties(
        @DefaultValue("azure-openai") @NotNull(message = "set parley.answering.mode to azure-openai or offline") Mode mode,
        String endpoint,
        String deployment,
        @DefaultValue(DEFAULT_API_VERSION) String apiVersion,
        @DefaultValue("0.7")
        @DecimalMin(value = "0", message = "set parley.answering.temperature (or TEMPERATURE) between 0 and 2")
        @DecimalMax(value = "2", message = "set parley.answering.temperature (or TEMPERATURE) between 0 and 2")
        double temperature,
        @DefaultValue("800") @Min(value = 1, message = "set parley.answering.max-tokens to 1 or more") int maxTokens,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue(DEFAULT_SYSTEM_PROMPT) String systemPrompt,
        @DefaultValue("60s") Duration throttleBudget,
        @DefaultValue("3") @Min(value = 0, message = "set parley.answering.max-retries to 0 or more") int maxRetries) {

    public static final String DEFAULT_API_VERSION = "2025-01-01-preview";
    public static final String DEFAULT_SYSTEM_PROMPT = "You are Parley, a helpful assistant. Answer clearly and"
            + " concisely, and say so when you do not know.";

    public enum Mode { AZURE_OPENAI, OFFLINE }

    public AnsweringProperties {
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    /** The endpoint without trailing slashes: the SDK appends {@code /openai/...} and a double slash breaks the path. */
    public String normalizedEndpoint() {
        if (endpoint == null) {
            return null;
        }
        String e = endpoint.strip();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return e;
    }

    public Optional<OpenAIServiceVersion> serviceVersion() {
        return Arrays.stream(OpenAIServiceVersion.values())
                .filter(v -> v.getVersion().equals(apiVersion == null ? null : apiVersion.strip()))
                .findFirst();
    }

    @AssertTrue(message = "set parley.answering.endpoint (or OPENAI_API_BASE) to https://<resource>.openai.azure.com")
    public boolean isEndpointUsable() {
        if (mode != Mode.AZURE_OPENAI) {
            return true;
        }
        String e = normalizedEndpoint();
        if (e == null || e.isEmpty()) {
            return false;
        }
        try {
            URI uri = URI.create(e);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException ex) {
            return false;
        }
    }

    @AssertTrue(message = "set parley.answering.deployment (or DEPLOYMENT_NAME) to the model deployment name, e.g. gpt-4o")
    public boolean isDeploymentSet() {
        return mode != Mode.AZURE_OPENAI || (deployment != null && !deployment.isBlank());
    }

    @AssertTrue(message = "set parley.answering.api-version (or OPENAI_API_VERSION) to a version azure-ai-openai"
            + " 1.0.0-beta.16 can call, 2022-12-01 to " + DEFAULT_API_VERSION + " (the default), e.g. 2024-06-01;"
            + " the seed's 2023-08-01-preview is not one of them")
    public boolean isApiVersionSupported() {
        return mode != Mode.AZURE_OPENAI || serviceVersion().isPresent();
    }

    @AssertTrue(message = "set parley.answering.timeout and parley.answering.throttle-budget to positive durations, e.g. 30s and 60s")
    public boolean isTimingPositive() {
        return timeout != null && timeout.toMillis() > 0 && throttleBudget != null && !throttleBudget.isNegative();
    }

    /** The API versions this build can call, for messages. */
    public static String supportedApiVersions() {
        return Arrays.stream(OpenAIServiceVersion.values()).map(OpenAIServiceVersion::getVersion)
                .collect(Collectors.joining(", "));
    }
}
