package dev.parley.worker.answering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.worker.conversation.Turn;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineAnswererTest {

    final OfflineAnswerer answerer = new OfflineAnswerer();

    @Test
    void quotesTheQuestionAndSaysItHasNoEarlierTurnsAtFirst() {
        Answer answer = answerer.answer(new AnswerRequest("conv-1", "m1", List.of(), "What is Parley?"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Answered.class, a -> {
            assertThat(a.text()).contains("What is Parley?").contains("0 earlier turns");
            assertThat(a.model()).isEqualTo("offline");
            assertThat(a.promptTokens()).isEqualTo(3);
        });
    }

    @Test
    void showsTheMemoryAtWorkByCountingEarlierTurnsAndRecallingTheLastQuestion() {
        List<Turn> history = List.of(new Turn("m1", "First?", "a1", Instant.EPOCH), new Turn("m2", "Second?", "a2", Instant.EPOCH));

        Answer answer = answerer.answer(new AnswerRequest("conv-1", "m3", history, "Third?"));

        assertThat(answer).isInstanceOfSatisfying(Answer.Answered.class,
                a -> assertThat(a.text()).contains("Third?").contains("2 earlier turns").contains("\"Second?\""));
    }

    @Test
    void isDeterministic() {
        AnswerRequest request = new AnswerRequest("conv-1", "m1", List.of(), "Same question");

        assertThat(answerer.answer(request)).isEqualTo(answerer.answer(request));
    }
}
