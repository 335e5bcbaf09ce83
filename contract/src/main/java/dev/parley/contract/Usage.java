package dev.parley.contract;

/**
 * Tokens the model counted for one answer.
 *
 * @param promptTokens     tokens sent to the model (question plus context)
 * @param completionTokens tokens the model generated
 */
public record Usage(int promptTokens, int completionTokens) {

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts cannot be negative: prompt " + promptTokens + ", completion " + completionTokens);
        }
    }

    /** Prompt plus completion tokens. */
    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
