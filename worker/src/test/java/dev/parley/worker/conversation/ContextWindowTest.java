package dev.parley.worker.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final TokenCounter O200K = TokenCounter.forEncoding("o200k_base");
    static final String SYSTEM = "You are a helpful assistant.";

    static ContextWindow window(int maxPromptTokens, int maxStateBytes, int rememberedReplies) {
        return new ContextWindow(O200K, SYSTEM, maxPromptTokens, maxStateBytes, rememberedReplies,
                Duration.ofHours(24), new ConversationCodec());
    }

    static Conversation conversationOf(int turns, String filler) {
        Conversation c = Conversation.empty("conv-1");
        for (int i = 1; i <= turns; i++) {
            c = c.withTurn(new Turn("m" + i, "question " + i + " " + filler, "answer " + i + " " + filler, T0.plusSeconds(i)));
        }
        return c;
    }

    @Test
    void keepsTheNewestTurnsThatFitAndDropsTheOldestFirst() {
        ContextWindow window = window(300, 192 * 1024, 16);
        Conversation c = conversationOf(20, "about the weather in Zürich and elsewhere in Switzerland");
        String question = "And tomorrow?";

        List<Turn> history = window.forPrompt(c, question);

        assertThat(history).isNotEmpty().hasSizeLessThan(20);
        assertThat(history).isEqualTo(c.turns().subList(20 - history.size(), 20));
        assertThat(window.promptTokens(history, question)).isLessThanOrEqualTo(300);
        List<Turn> oneMore = c.turns().subList(20 - history.size() - 1, 20);
        assertThat(window.promptTokens(oneMore, question)).isGreaterThan(300);
    }

    @Test
    void countsTheSystemPromptHistoryAndQuestionWithTheRealTokenizer() {
        ContextWindow window = window(10_000, 192 * 1024, 16);
        List<Turn> history = List.of(new Turn("m1", "Hello there", "Hi! How can I help?", T0));

        int expected = 3 + (4 + O200K.tokens(SYSTEM)) + (4 + O200K.tokens("Hello there"))
                + (4 + O200K.tokens("Hi! How can I help?")) + (4 + O200K.tokens("What is Parley?"));

        assertThat(window.promptTokens(history, "What is Parley?")).isEqualTo(expected);
        assertThat(O200K.tokens("Hello there")).isEqualTo(2);
    }

    @Test
    void aLongerSystemPromptLeavesRoomForFewerTurns() {
        Conversation c = conversationOf(20, "filler words to make each turn cost something");
        ContextWindow shortPrompt = window(400, 192 * 1024, 16);
        ContextWindow longPrompt = new ContextWindow(O200K, SYSTEM.repeat(20), 400, 192 * 1024, 16,
                Duration.ofHours(24), new ConversationCodec());

        assertThat(longPrompt.forPrompt(c, "q").size()).isLessThan(shortPrompt.forPrompt(c, "q").size());
    }

    @Test
    void theNewQuestionIsAlwaysKeptEvenWhenItAloneExceedsTheBudget() {
        ContextWindow window = window(100, 192 * 1024, 16);
        String hugeQuestion = "word ".repeat(500);

        List<Turn> history = window.forPrompt(conversationOf(3, "x"), hugeQuestion);

        assertThat(history).isEmpty();
        assertThat(window.promptTokens(history, hugeQuestion)).isGreaterThan(100);
    }

    @Test
    void encodingsOfDifferentModelFamiliesCountDifferently() {
        String text = "Grüße aus Zürich — 東京 — مرحبا";

        assertThat(TokenCounter.forEncoding("cl100k_base").tokens(text)).isNotEqualTo(O200K.tokens(text));
    }

    @Test
    void anUnknownEncodingIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> TokenCounter.forEncoding("gpt5_base"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.conversation.encoding")
                .hasMessageContaining("o200k_base");
    }

    @Test
    void specialTokenMarkersInUserTextAreCountedAsText() {
        assertThat(O200K.tokens("<|endoftext|>")).isGreaterThan(1);
    }

    @Test
    void theStoredConversationIsBoundedByTheSameTokenBudgetAndTrimmedTurnsLeaveReceipts() {
        ContextWindow window = window(300, 192 * 1024, 16);
        Conversation c = conversationOf(20, "about the weather in Zürich and elsewhere in Switzerland");

        Conversation stored = window.bounded(c);

        assertThat(stored.turns()).isNotEmpty().hasSizeLessThan(20);
        assertThat(stored.turns().getLast().questionMessageId()).isEqualTo("m20");
        assertThat(window.promptTokens(stored.turns(), "")).isLessThanOrEqualTo(300);
        int trimmed = 20 - stored.turns().size();
        assertThat(stored.receipts()).hasSize(Math.min(trimmed, 16));
        int oldestRemembered = trimmed - stored.receipts().size() + 1;
        for (int i = oldestRemembered; i <= 20; i++) {
            int n = i;
            assertThat(stored.turnFor("m" + i)).as("m" + i).hasValueSatisfying(
                    t -> assertThat(t.answer()).startsWith("answer " + n + " "));
        }
        assertThat(stored.lastActivity()).isEqualTo(c.lastActivity());
    }

    @Test
    void receiptsAreBoundedToTheNewestRememberedReplies() {
        ContextWindow window = window(120, 192 * 1024, 3);
        Conversation c = conversationOf(30, "some words");

        Conversation stored = window.bounded(c);

        assertThat(stored.receipts()).hasSize(3);
        String oldestKept = stored.turns().isEmpty() ? "m30" : stored.turns().getFirst().questionMessageId();
        int oldestKeptIndex = Integer.parseInt(oldestKept.substring(1));
        assertThat(stored.receipts()).extracting(Receipt::questionMessageId)
                .containsExactly("m" + (oldestKeptIndex - 3), "m" + (oldestKeptIndex - 2), "m" + (oldestKeptIndex - 1));
        assertThat(stored.hasAnswered("m" + (oldestKeptIndex - 4))).isFalse();
    }

    @Test
    void theSerializedSizeStaysUnderTheStateLimit() {
        int limit = 8 * 1024;
        ContextWindow window = window(1_000_000, limit, 16);
        Conversation c = conversationOf(40, "ü".repeat(400)); // ~800 bytes of UTF-8 per question and per answer

        Conversation stored = window.bounded(c);

        assertThat(new ConversationCodec().encode(stored).length).isLessThanOrEqualTo(limit);
        assertThat(stored.turns()).isNotEmpty().hasSizeLessThan(40);
        assertThat(stored.turns().getLast().questionMessageId()).isEqualTo("m40");
        assertThat(stored.hasAnswered("m40")).isTrue();
    }

    @Test
    void aSingleTurnLargerThanTheLimitStillLeavesItsIdAndAsMuchReplyAsFits() {
        int limit = 4096;
        ContextWindow window = window(1_000_000, limit, 16);
        Conversation c = Conversation.empty("conv-1").withTurn(new Turn("big", "q".repeat(5000), "a".repeat(9000), T0));

        Conversation stored = window.bounded(c);

        assertThat(new ConversationCodec().encode(stored).length).isLessThanOrEqualTo(limit);
        assertThat(stored.turns()).isEmpty();
        assertThat(stored.turnFor("big")).hasValueSatisfying(t -> assertThat(t.answer()).isNotEmpty().startsWith("aaa"));
    }

    @Test
    void aConversationIdlePastTheMaximumStartsFresh() {
        ContextWindow window = new ContextWindow(O200K, SYSTEM, 1000, 192 * 1024, 16, Duration.ofHours(24),
                new ConversationCodec());
        Conversation c = conversationOf(2, "x");

        assertThat(window.expireIfIdle(c, c.lastActivity().plus(Duration.ofHours(24)))).isEqualTo(c);
        assertThat(window.expireIfIdle(c, c.lastActivity().plus(Duration.ofHours(24)).plusSeconds(1)))
                .isEqualTo(Conversation.empty("conv-1"));
    }
}
