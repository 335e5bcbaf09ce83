package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.contract.ReplyStatus;
import dev.parley.fakes.openai.FakeAzureOpenAi;
import dev.parley.fakes.openai.FakeChatResponse;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.conversation.Turn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/** SIGTERM (the application context closing) while the model is thinking. */
class ShutdownTest {

    static ParleyHarness parley;
    static FakeAzureOpenAi model;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() {
        parley = ParleyHarness.builder().start();
        model = parley.model().openAi();
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @Test
    void aTurnThatOutlastsTheDrainTimeoutIsReleasedAndAnsweredOnceAfterRestart() {
        ConfigurableApplicationContext worker = parley.startWorker("parley.intake.drain-timeout=1s");
        model.enqueue(FakeChatResponse.answer("slow answer").delayedBy(Duration.ofSeconds(8)));
        String id = parley.ask("sigterm-release", "Take your time");
        await().atMost(ParleyHarness.WAIT).until(() -> model.inFlight() > 0);

        worker.close();

        assertThat(parley.repliesTo(id)).as("nothing replied for a released turn").isEmpty();
        assertThat(errorsLogged()).as("no settle errors while draining").isEmpty();
        parley.startWorker();
        assertThat(parley.awaitReply(id).body().status()).isEqualTo(ReplyStatus.ANSWERED);
        parley.awaitQuestionsSettled();
        assertThat(parley.repliesTo(id)).hasSize(1);
        assertThat(parley.storedConversation("sigterm-release").turns()).extracting(Turn::questionMessageId)
                .containsExactly(id);
        parley.stopWorkers();
    }

    @Test
    void aTurnThatFitsTheDrainTimeoutFinishesBeforeTheWorkerStops() {
        ConfigurableApplicationContext worker = parley.startWorker("parley.intake.drain-timeout=20s");
        model.enqueue(FakeChatResponse.answer("worth the wait").delayedBy(Duration.ofSeconds(2)));
        String id = parley.ask("sigterm-finish", "Finish this one");
        await().atMost(ParleyHarness.WAIT).until(() -> model.inFlight() > 0);

        worker.close();

        assertThat(parley.repliesTo(id)).as("replied before close returned").singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("worth the wait"));
        assertThat(parley.questionQueue().activeMessages()).noneMatch(m -> id.equals(m.messageId()));
        assertThat(errorsLogged()).as("no settle errors while draining").isEmpty();
    }

    private List<String> errorsLogged() {
        return logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
