package dev.parley.worker.conversation;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Conversation memory settings, prefix {@code parley.conversation}.
 *
 * @param encoding          tokenizer for the model family: {@code o200k_base} (gpt-4o family) or {@code cl100k_base} (gpt-35-turbo, gpt-4)
 * @param maxPromptTokens   token budget of a prompt: system prompt + history + new question; older turns are dropped first
 * @param maxStateSize      bound of the serialized conversation; must stay under the session-state limit (256 KB on Standard)
 * @param maxIdle           a conversation idle longer than this starts fresh
 * @param rememberedReplies answered message ids (with reply text) kept after their turn left the history,
 *                          so a redelivered question is replied without a second model call
 */
@Validated
@ConfigurationProperties("parley.conversation")
public record ConversationProperties(
        @DefaultValue("o200k_base")
        @NotBlank(message = "set parley.conversation.encoding to o200k_base (gpt-4o family) or cl100k_base (gpt-35-turbo, gpt-4)")
        String encoding,
        @DefaultValue("8000")
        @Min(value = 64, message = "set parley.conversation.max-prompt-tokens to at least 64 (it bounds system prompt + history + question)")
        int maxPromptTokens,
        @DefaultValue("192KB") DataSize maxStateSize,
        @DefaultValue("24h") Duration maxIdle,
        @DefaultValue("16")
        @Min(value = 0, message = "set parley.conversation.remembered-replies to 0 or more")
        int rememberedReplies) {

    /** Standard tier session-state limit; Premium allows more, so only the sanity of the value is checked. */
    static final long MAX_STATE_SIZE_LIMIT = 100L * 1024 * 1024;

    @AssertTrue(message = "set parley.conversation.max-state-size between 4KB and 100MB, below the session-state"
            + " limit of the Service Bus tier (256KB on Standard; default 192KB)")
    public boolean isMaxStateSizeSane() {
        return maxStateSize != null && maxStateSize.toBytes() >= 4096 && maxStateSize.toBytes() <= MAX_STATE_SIZE_LIMIT;
    }

    @AssertTrue(message = "set parley.conversation.max-idle to a positive duration, e.g. 24h")
    public boolean isMaxIdlePositive() {
        return maxIdle != null && !maxIdle.isNegative() && !maxIdle.isZero();
    }

    @AssertTrue(message = "set parley.conversation.encoding to o200k_base (gpt-4o family) or cl100k_base (gpt-35-turbo, gpt-4)")
    public boolean isEncodingKnown() {
        if (encoding == null || encoding.isBlank()) {
            return true; // @NotBlank reports it
        }
        try {
            TokenCounter.forEncoding(encoding);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
