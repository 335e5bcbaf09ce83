package dev.parley.worker.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void anEmptyConversationHasNoTurnsAndNoActivity() {
        Conversation c = Conversation.empty("conv-1");

        assertThat(c.turns()).isEmpty();
        assertThat(c.lastActivity()).isNull();
        assertThat(c.hasAnswered("m1")).isFalse();
    }

    @Test
    void withTurnAppendsTheNewestAndLeavesTheOriginalUntouched() {
        Conversation empty = Conversation.empty("conv-1");
        Conversation one = empty.withTurn(new Turn("m1", "q1", "a1", T0));
        Conversation two = one.withTurn(new Turn("m2", "q2", "a2", T0.plusSeconds(5)));

        assertThat(empty.turns()).isEmpty();
        assertThat(two.turns()).extracting(Turn::questionMessageId).containsExactly("m1", "m2");
        assertThat(two.lastActivity()).isEqualTo(T0.plusSeconds(5));
        assertThat(two.turnFor("m1")).map(Turn::answer).contains("a1");
        assertThat(two.hasAnswered("m3")).isFalse();
    }

    @Test
    void turnForFindsAnAnswerKeptOnlyAsAReceipt() {
        Conversation c = new Conversation("conv-1", List.of(new Turn("m2", "q2", "a2", T0)), T0,
                List.of(new Receipt("m1", "a1", T0.minusSeconds(1))));

        assertThat(c.hasAnswered("m1")).isTrue();
        assertThat(c.turnFor("m1")).hasValueSatisfying(t -> {
            assertThat(t.answer()).isEqualTo("a1");
            assertThat(t.question()).isEmpty();
        });
    }

    @Test
    void clearedForgetsTheHistoryButStillRecognisesAnsweredQuestions() {
        Conversation c = Conversation.empty("conv-1").withTurn(new Turn("m1", "q1", "a1", T0));

        Conversation cleared = c.cleared();

        assertThat(cleared.turns()).isEmpty();
        assertThat(cleared.turnFor("m1")).map(Turn::answer).contains("a1");
    }

    @Test
    void turnsAreImmutable() {
        Conversation c = Conversation.empty("conv-1").withTurn(new Turn("m1", "q1", "a1", T0));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.turns().add(new Turn("x", "y", "z", T0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
