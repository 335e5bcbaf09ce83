package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contract.ReplyStatus;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.ParleyHarness.SeenReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole pipeline with the offline answerer: what `./parley run` does. */
class OfflineConversationTest {

    static ParleyHarness parley;

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder().offline().start();
        parley.startWorker();
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aQuestionGetsOneAnsweredReplyAddressedByTheContract() {
        String id = parley.ask("conv-offline-1", "What is Parley?");

        SeenReply reply = parley.awaitReply(id);

        assertThat(reply.body().status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(reply.text()).contains("What is Parley?");
        assertThat(reply.message().sessionId()).isEqualTo("conv-offline-1");
        assertThat(reply.message().correlationId()).isEqualTo(id);
        parley.awaitQuestionsSettled();
        assertThat(parley.storedConversation("conv-offline-1").turns()).hasSize(1);
    }
}
