package dev.parley.worker.conversation;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;

/**
 * Counts chat-prompt tokens the way the model family does: a jtokkit byte-pair encoding
 * ({@code o200k_base} for gpt-4o and newer, {@code cl100k_base} for gpt-35-turbo and gpt-4) plus the
 * chat format's framing, 4 tokens per message and 3 that prime the reply (OpenAI's published rule for
 * these models).
 */
public final class TokenCounter {

    static final int PER_MESSAGE = 4;
    static final int REPLY_PRIMING = 3;

    // The lazy registry loads only the encodings asked for; loading one is the expensive part.
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding encoding;

    private TokenCounter(Encoding encoding) {
        this.encoding = encoding;
    }

    /**
     * @throws IllegalArgumentException naming the setting and the usual values when {@code name} is unknown
     */
    public static TokenCounter forEncoding(String name) {
        return REGISTRY.getEncoding(name)
                .map(TokenCounter::new)
                .orElseThrow(() -> new IllegalArgumentException("parley.conversation.encoding=" + name
                        + " is not a known tokenizer encoding; use o200k_base (gpt-4o family) or cl100k_base"
                        + " (gpt-35-turbo, gpt-4)"));
    }

    public String encodingName() {
        return encoding.getName();
    }

    /** Tokens of {@code text} as message content; special-token markers in user text count as plain text. */
    public int tokens(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** Tokens one chat message with this content costs, framing included. */
    public int message(String content) {
        return PER_MESSAGE + tokens(content);
    }
}
