package dev.parley.fakes.openai;

import java.util.List;

/** Plausible token counts for {@code usage}: about four characters a token, plus per-message overhead. */
final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;
    private static final int PER_MESSAGE = 4;
    private static final int PER_REPLY = 3;

    private TokenEstimate() {
    }

    static int of(String text) {
        return text == null || text.isEmpty() ? 0 : Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    static int prompt(List<ChatMessage> messages) {
        return messages.stream().mapToInt(m -> PER_MESSAGE + of(m.content())).sum() + PER_REPLY;
    }
}
