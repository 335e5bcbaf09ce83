package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.fakes.openai.RecordedChatRequest;
import dev.parley.worker.ParleyHarness;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A small prompt budget: the oldest turns leave the prompt first, the newest stay. */
class TokenBudgetTest {

    static ParleyHarness parley;
    static FakeAzureOpenAi model;

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder()
                .property("parley.conversation.max-prompt-tokens", 160)
                .property("parley.answering.system-prompt", "Be brief.")
                .start();
        model = parley.model().openAi();
        parley.startWorker();
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void theOldestTurnsAreTrimmedFromThePromptToFitTheBudget() {
        // ~25 tokens per question, ~28 per echoed answer: the budget holds about two earlier turns.
        List<String> questions = List.of(
                question("alpha"), question("bravo"), question("charlie"), question("delta"), question("echo"));
        for (String q : questions) {
            parley.awaitReply(parley.ask("small-budget", q));
        }

        RecordedChatRequest last = model.requests().getLast();
        List<String> sent = last.contentsOf("user");
        assertThat(sent.getLast()).isEqualTo(questions.getLast());
        assertThat(sent).as("the oldest turns were dropped").doesNotContain(questions.get(0), questions.get(1));
        assertThat(sent).as("the newest earlier turn was kept").contains(questions.get(3));
        assertThat(questions).as("kept turns stay in order").containsSubsequence(sent);
        assertThat(parley.storedConversation("small-budget").turns()).isNotEmpty();
    }

    private static String question(String word) {
        return ("Please remember the code word " + word + " and tell me a short fact about the letter "
                + word.charAt(0) + " in one sentence.");
    }
}
