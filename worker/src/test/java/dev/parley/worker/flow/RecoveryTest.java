package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.contract.ReplyStatus;
import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.ParleyHarness.SeenReply;
import dev.parley.worker.conversation.Turn;
import dev.parley.worker.intake.TurnStep;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A worker dies (all broker connections cut, nothing settled, the worker frozen) between the steps
 * of a turn; a new worker gets the redelivered question, which must still lead to exactly one reply
 * and one stored turn, with a second model call only when the first worker died right after the
 * first call. Also: tokens that expire between turns.
 */
class RecoveryTest {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(4);

    static ParleyHarness parley;
    static FakeAzureOpenAi model;
    static CrashAt crash;

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder().lockDuration(Duration.ofSeconds(3)).tokenLifetime(TOKEN_LIFETIME).start();
        model = parley.model().openAi();
        crash = new CrashAt(parley.emulator()::dropAllConnections);
    }

    @AfterEach
    void stopWorkers() {
        parley.stopWorkers();
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aCrashAfterTheModelCallAsksTheModelAgainAndRepliesOnce() {
        String id = askAndCrash(TurnStep.MODEL_CALLED, "crash-after-model");

        assertExactlyOneReplyAndOneTurn("crash-after-model", id);
        assertThat(modelCallsFor("crash-after-model")).as("died after the call: asked again").isEqualTo(2);
    }

    @Test
    void aCrashAfterTheStateWriteRepliesFromTheStoredTurn() {
        String id = askAndCrash(TurnStep.STATE_SAVED, "crash-after-state");

        assertExactlyOneReplyAndOneTurn("crash-after-state", id);
        assertThat(modelCallsFor("crash-after-state")).as("the stored answer is re-sent, no new call").isEqualTo(1);
    }

    @Test
    void aCrashAfterTheReplySendLeavesOneReply() {
        String id = askAndCrash(TurnStep.REPLY_SENT, "crash-after-reply");

        assertExactlyOneReplyAndOneTurn("crash-after-reply", id);
        assertThat(modelCallsFor("crash-after-reply")).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRefreshedWithoutAFailedCall() {
        parley.startWorker();
        int tokensBefore = parley.model().entra().tokenRequests().size();
        int rejectionsBefore = model.rejections().size();
        for (int turn = 0; turn < 3; turn++) {
            assertThat(parley.awaitReply(parley.ask("long-lived", "turn " + turn)).body().status())
                    .isEqualTo(ReplyStatus.ANSWERED);
            Instant expired = Instant.now().plus(TOKEN_LIFETIME);
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expired));
        }

        assertThat(parley.model().entra().tokenRequests().size() - tokensBefore)
                .as("a new token once the previous one expired").isGreaterThanOrEqualTo(2);
        assertThat(model.rejections().size() - rejectionsBefore).as("no call was refused for its token").isZero();
        assertThat(parley.storedConversation("long-lived").turns()).hasSize(3);
    }

    /** One slot, so the frozen worker cannot take the redelivered question itself; then a new worker starts. */
    private static String askAndCrash(TurnStep step, String conversation) {
        ConfigurableApplicationContext dying = parley.startWorker(crash,
                "parley.intake.max-concurrent-conversations=1", "parley.intake.drain-timeout=1s");
        crash.arm(step, conversation);
        String id = parley.ask(conversation, "Will you survive " + step + "?");
        await().atMost(ParleyHarness.WAIT).until(crash::fired);
        assertThat(parley.repliesTo(id)).as("nothing replied by the dying worker").isEmpty();
        parley.startWorker();
        assertThat(dying.isActive()).isTrue();
        return id;
    }

    private static void assertExactlyOneReplyAndOneTurn(String conversation, String id) {
        SeenReply reply = parley.awaitReply(id);
        parley.awaitQuestionsSettled();
        assertThat(reply.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(parley.repliesTo(id)).as("replies on the reply queue").hasSize(1);
        assertThat(parley.storedConversation(conversation).turns()).extracting(Turn::questionMessageId)
                .containsExactly(id);
    }

    private static long modelCallsFor(String conversation) {
        return model.requests().stream().filter(r -> r.lastUserMessage().startsWith("Will you survive")
                && r.lastUserMessage().contains(stepOf(conversation))).count();
    }

    private static String stepOf(String conversation) {
        return switch (conversation) {
            case "crash-after-model" -> TurnStep.MODEL_CALLED.name();
            case "crash-after-state" -> TurnStep.STATE_SAVED.name();
            default -> TurnStep.REPLY_SENT.name();
        };
    }
}
