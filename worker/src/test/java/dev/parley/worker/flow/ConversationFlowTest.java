package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.contract.Command;
import dev.parley.contract.QuestionBody;
import dev.parley.contract.ReplyStatus;
import dev.parley.fakes.openai.ChatResponder;
import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.fakes.openai.FakeChatResponse;
import dev.parley.fakes.openai.RecordedChatRequest;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.ParleyHarness.SeenReply;
import dev.parley.worker.conversation.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One worker on the model path (real WorkloadIdentityCredential against FakeEntra, real Azure
 * OpenAI client against FakeAzureOpenAi, real Service Bus SDK against the emulator), asked the way
 * a bridge asks.
 */
class ConversationFlowTest {

    static ParleyHarness parley;
    static FakeAzureOpenAi model;

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder()
                .property("parley.intake.max-concurrent-conversations", 16)
                .property("parley.answering.throttle-budget", "3s")
                .start();
        model = parley.model().openAi();
        parley.startWorker();
    }

    @AfterEach
    void answerNormallyAgain() {
        model.defaultResponder(ChatResponder.echo());
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void laterPromptsCarryTheEarlierTurnsOfTheSameConversation() {
        String first = parley.ask("multi-turn", "My name is Ada.");
        assertThat(parley.awaitReply(first).text()).isEqualTo("You asked: My name is Ada.");
        String second = parley.ask("multi-turn", "What is my name?");
        SeenReply reply = parley.awaitReply(second);

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(reply.body().model()).isEqualTo(model.model());
        assertThat(reply.body().usage().promptTokens()).isPositive();
        RecordedChatRequest prompt = lastRequestAsking("What is my name?");
        assertThat(prompt.contentsOf("user")).containsExactly("My name is Ada.", "What is my name?");
        assertThat(prompt.contentsOf("assistant")).containsExactly("You asked: My name is Ada.");
        assertThat(parley.storedConversation("multi-turn").turns()).extracting(Turn::questionMessageId)
                .containsExactly(first, second);
    }

    @Test
    void fiftyConversationsAtOnceAreEachAnsweredInOrder() {
        Map<String, List<String>> asked = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < 50; c++) {
                asked.computeIfAbsent("many-" + c, k -> new ArrayList<>()).add(parley.ask("many-" + c, "q" + round));
            }
        }

        List<String> all = asked.values().stream().flatMap(List::stream).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> all.stream().allMatch(id -> !parley.repliesTo(id).isEmpty()));

        asked.forEach((conversation, ids) -> {
            assertThat(parley.storedConversation(conversation).turns()).extracting(Turn::questionMessageId)
                    .as("turns of %s in the order asked", conversation).containsExactlyElementsOf(ids);
            assertThat(ids).allSatisfy(id -> assertThat(parley.repliesTo(id)).singleElement().satisfies(r -> {
                assertThat(r.body().status()).isEqualTo(ReplyStatus.ANSWERED);
                assertThat(r.message().sessionId()).isEqualTo(conversation);
            }));
        });
        // q2 of a conversation was asked with q0 and q1 before it, never another conversation's turns.
        assertThat(model.requests()).filteredOn(r -> r.lastUserMessage().equals("q2"))
                .hasSize(50).allSatisfy(r -> assertThat(r.contentsOf("user")).containsExactly("q0", "q1", "q2"));
    }

    @Test
    void resetForgetsTheConversationAndConfirms() {
        parley.awaitReply(parley.ask("reset-me", "Remember the number 7."));
        String reset = parley.ask("reset-me", QuestionBody.builder().text("reset").command(Command.RESET).build());

        SeenReply confirmation = parley.awaitReply(reset);
        assertThat(confirmation.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(confirmation.text()).containsIgnoringCase("reset");
        assertThat(parley.storedConversation("reset-me").turns()).isEmpty();

        parley.awaitReply(parley.ask("reset-me", "Which number?"));
        assertThat(lastRequestAsking("Which number?").contentsOf("user")).containsExactly("Which number?");
    }

    @Test
    void aThrottledCallIsRetriedAfterRetryAfterAndAnswered() {
        model.enqueue(FakeChatResponse.throttled(Duration.ofSeconds(1)));
        int before = model.requestCount();

        SeenReply reply = parley.awaitReply(parley.ask("throttled-once", "Busy?"));

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(reply.text()).isEqualTo("You asked: Busy?");
        assertThat(model.requestCount() - before).as("one 429, one answer").isEqualTo(2);
        assertThat(parley.deadLetters()).noneMatch(m -> "throttled-once".equals(m.sessionId()));
    }

    @Test
    void throttlingPastTheBudgetRepliesFailedAndDeadLettersModelUnavailable() {
        model.defaultResponder(request -> FakeChatResponse.throttled(Duration.ofSeconds(1)));

        String id = parley.ask("throttled-always", "Anyone there?");
        SeenReply reply = parley.awaitReply(id);

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.FAILED);
        assertThat(reply.body().error().code()).isEqualTo("model_unavailable");
        assertThat(reply.body().error().message()).containsIgnoringCase("unavailable");
        await().atMost(ParleyHarness.WAIT).until(() -> parley.deadLetters().stream().anyMatch(m -> id.equals(m.messageId())));
        assertThat(parley.deadLetters()).filteredOn(m -> id.equals(m.messageId())).singleElement()
                .satisfies(m -> {
                    assertThat(m.deadLetterReason()).isEqualTo("ModelUnavailable");
                    assertThat(m.deadLetterDescription()).isNotBlank();
                });
        assertThat(parley.storedConversation("throttled-always").turns()).isEmpty();
    }

    @Test
    void aContentFilterRefusalIsRepliedRejectedWithTheReason() {
        model.enqueue(FakeChatResponse.contentFiltered());

        SeenReply reply = parley.awaitReply(parley.ask("filtered", "Something the filter blocks"));

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.REJECTED);
        assertThat(reply.body().error().code()).isEqualTo("content_filtered");
        assertThat(reply.body().error().message()).contains("content filter");
    }

    @Test
    void theWorkerRecoversFromABrokerConnectionDropMidConversation() {
        parley.awaitReply(parley.ask("dropped", "Before the drop"));

        parley.emulator().dropAllConnections();
        SeenReply after = parley.awaitReply(parley.ask("dropped", "After the drop"));

        assertThat(after.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(lastRequestAsking("After the drop").contentsOf("user")).containsExactly("Before the drop", "After the drop");
        assertThat(parley.storedConversation("dropped").turns()).hasSize(2);
    }

    private static RecordedChatRequest lastRequestAsking(String question) {
        List<RecordedChatRequest> matching = model.requests().stream()
                .filter(r -> r.lastUserMessage().equals(question)).toList();
        assertThat(matching).as("model calls for %s", question).isNotEmpty();
        return matching.getLast();
    }

}
