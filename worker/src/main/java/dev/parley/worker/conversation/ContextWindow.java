package dev.parley.worker.conversation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Bounds a conversation: for the prompt by a token budget, for storage by the same budget plus a
 * serialized-size limit under the session-state limit, and in time by an idle age.
 *
 * <p>The budget counts the system prompt, the history and the new question with the model family's
 * tokenizer ({@link TokenCounter}); the oldest turns go first, the new question is always kept. Turns
 * trimmed from the stored history leave a {@link Receipt} (message id and reply text, the newest
 * {@code rememberedReplies} of them) so that a redelivered question is still recognised as answered.
 */
public final class ContextWindow {

    private final TokenCounter tokens;
    private final String systemPrompt;
    private final int maxPromptTokens;
    private final int maxStateBytes;
    private final int rememberedReplies;
    private final Duration maxIdle;
    private final ConversationCodec codec;

    public ContextWindow(TokenCounter tokens, String systemPrompt, int maxPromptTokens, int maxStateBytes,
                         int rememberedReplies, Duration maxIdle, ConversationCodec codec) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.systemPrompt = systemPrompt == null ? "" : systemPrompt;
        if (maxPromptTokens <= 0 || maxStateBytes <= 0 || rememberedReplies < 0) {
            throw new IllegalArgumentException("maxPromptTokens and maxStateBytes must be positive, rememberedReplies not negative");
        }
        this.maxPromptTokens = maxPromptTokens;
        this.maxStateBytes = maxStateBytes;
        this.rememberedReplies = rememberedReplies;
        this.maxIdle = Objects.requireNonNull(maxIdle, "maxIdle");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public static ContextWindow from(ConversationProperties properties, String systemPrompt) {
        return new ContextWindow(TokenCounter.forEncoding(properties.encoding()), systemPrompt,
                properties.maxPromptTokens(), Math.toIntExact(properties.maxStateSize().toBytes()),
                properties.rememberedReplies(), properties.maxIdle(), new ConversationCodec());
    }

    /** The newest turns of {@code conversation} that fit the budget beside the system prompt and {@code newQuestion}. */
    public List<Turn> forPrompt(Conversation conversation, String newQuestion) {
        return newestThatFit(conversation.turns(), maxPromptTokens - fixedTokens(newQuestion));
    }

    /**
     * Tokens the prompt for {@code newQuestion} costs with {@code history}: system prompt, history,
     * question and the chat framing.
     */
    public int promptTokens(List<Turn> history, String newQuestion) {
        int total = fixedTokens(newQuestion);
        for (Turn turn : history) {
            total += turnTokens(turn);
        }
        return total;
    }

    /**
     * What is stored: the newest turns that fit the token budget beside the system prompt (the older
     * ones leave receipts, the newest {@code rememberedReplies} of them); then, while the encoded state
     * exceeds {@code maxStateBytes}, the oldest receipts and then the oldest turns are dropped. A single
     * turn too large for the limit is kept as a receipt with as much of its reply as fits.
     */
    public Conversation bounded(Conversation conversation) {
        List<Turn> kept = newestThatFit(conversation.turns(), maxPromptTokens - fixedTokens(null));
        Deque<Receipt> receipts = new ArrayDeque<>(conversation.receipts());
        conversation.turns().subList(0, conversation.turns().size() - kept.size())
                .forEach(t -> receipts.addLast(Receipt.of(t)));
        while (receipts.size() > rememberedReplies) {
            receipts.removeFirst();
        }
        Deque<Turn> turns = new ArrayDeque<>(kept);
        Conversation candidate = rebuild(conversation, turns, receipts);
        // Over the size limit, history is worth more than receipts (the newest turns, which a redelivery
        // would concern, are in the history): drop receipts first, then the oldest turns.
        while (encodedSize(candidate) > maxStateBytes) {
            if (!receipts.isEmpty() && !(turns.isEmpty() && receipts.size() == 1)) {
                receipts.removeFirst();
            } else if (turns.size() > 1) {
                turns.removeFirst();
            } else if (turns.size() == 1) {
                receipts.addLast(Receipt.of(turns.removeFirst())); // keeps its id and reply, drops the question
            } else if (receipts.size() == 1 && !receipts.peekFirst().answer().isEmpty()) {
                // A single reply larger than the limit: keep its id and as much text as fits.
                Receipt only = receipts.removeFirst();
                int over = encodedSize(candidate) - maxStateBytes;
                int keep = Math.max(0, only.answer().length() - over - 16);
                receipts.addLast(new Receipt(only.questionMessageId(), truncate(only.answer(), keep), only.answeredAt()));
            } else {
                break; // the limit is below the format's own overhead
            }
            candidate = rebuild(conversation, turns, receipts);
        }
        return candidate;
    }

    /** {@code conversation}, or an empty one when its last activity is more than the idle age before {@code now}. */
    public Conversation expireIfIdle(Conversation conversation, Instant now) {
        return isIdle(conversation, now) ? Conversation.empty(conversation.conversationId()) : conversation;
    }

    public boolean isIdle(Conversation conversation, Instant now) {
        Instant last = conversation.lastActivity();
        return last != null && Duration.between(last, now).compareTo(maxIdle) > 0;
    }

    public ConversationCodec codec() {
        return codec;
    }

    private int fixedTokens(String newQuestion) {
        int total = TokenCounter.REPLY_PRIMING;
        if (!systemPrompt.isEmpty()) {
            total += tokens.message(systemPrompt);
        }
        if (newQuestion != null) {
            total += tokens.message(newQuestion);
        }
        return total;
    }

    private int turnTokens(Turn turn) {
        return tokens.message(turn.question()) + tokens.message(turn.answer());
    }

    private List<Turn> newestThatFit(List<Turn> turns, int budget) {
        int used = 0;
        int first = turns.size();
        while (first > 0) {
            int cost = turnTokens(turns.get(first - 1));
            if (used + cost > budget) {
                break; // stop at the first that does not fit: the history stays contiguous
            }
            used += cost;
            first--;
        }
        return turns.subList(first, turns.size());
    }

    private int encodedSize(Conversation conversation) {
        return codec.encode(conversation).length;
    }

    private static Conversation rebuild(Conversation original, Deque<Turn> turns, Deque<Receipt> receipts) {
        return new Conversation(original.conversationId(), new ArrayList<>(turns), original.lastActivity(),
                new ArrayList<>(receipts));
    }

    private static String truncate(String text, int length) {
        if (length >= text.length()) {
            return text;
        }
        int end = length;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
