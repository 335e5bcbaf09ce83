package dev.parley.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusMessage;
import dev.parley.contract.ReplyStatus;
import dev.parley.emulator.EmulatedMessage;
import dev.parley.worker.ParleyHarness;
import dev.parley.worker.ParleyHarness.SeenReply;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every kind of question that breaks the contract and can still reach the queue: dead-lettered
 * {@code InvalidQuestion} with a description naming the violation, a {@code rejected} reply where
 * there is an address, and the worker goes on answering. (A question without a session id cannot
 * reach a session-enabled queue; the contract's own tests cover it.)
 */
class BadInputTest {

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

    static Stream<Arguments> badQuestions() {
        return Stream.of(
                bad("BODY_NOT_JSON", m -> { }, "{\"text\": \"unterminated"),
                bad("BODY_NOT_OBJECT", m -> { }, "[1, 2, 3]"),
                bad("TEXT_MISSING", m -> { }, "{\"user\": {\"id\": \"u-1\"}}"),
                bad("TEXT_TOO_LONG", m -> { }, "{\"text\": \"" + "x".repeat(8_001) + "\"}"),
                bad("VERSION_UNSUPPORTED", m -> m.getApplicationProperties().put("parley-version", "9"), "{\"text\": \"hi\"}"),
                bad("VERSION_MISSING", m -> m.getApplicationProperties().remove("parley-version"), "{\"text\": \"hi\"}"),
                bad("CONTENT_TYPE_UNSUPPORTED", m -> m.setContentType("text/plain"), "{\"text\": \"hi\"}"),
                bad("COMMAND_UNKNOWN", m -> { }, "{\"text\": \"hi\", \"command\": \"self-destruct\"}"),
                bad("CHANNEL_NOT_OBJECT", m -> { }, "{\"text\": \"hi\", \"channel\": 42}"));
    }

    private static Arguments bad(String violation, Consumer<ServiceBusMessage> shape, String body) {
        return Arguments.of(violation, shape, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQuestions")
    void isDeadLetteredAndRejectedAndTheConversationGoesOn(String violation, Consumer<ServiceBusMessage> shape,
            String body) {
        String conversation = "bad-" + violation;
        String id = UUID.randomUUID().toString();
        parley.send(m -> {
            m.setMessageId(id);
            m.setSessionId(conversation);
            m.setReplyTo(ParleyHarness.REPLIES);
            shape.accept(m);
        }, body.getBytes(StandardCharsets.UTF_8));

        SeenReply rejection = parley.awaitReply(id);
        assertThat(rejection.body().status()).isEqualTo(ReplyStatus.REJECTED);
        assertThat(rejection.body().error().code()).isEqualTo("invalid_question");
        assertThat(rejection.body().error().message()).contains(violation);
        assertThat(rejection.message().sessionId()).isEqualTo(conversation);
        assertThat(awaitDeadLetter(id)).satisfies(m -> {
            assertThat(m.deadLetterReason()).isEqualTo("InvalidQuestion");
            assertThat(m.deadLetterDescription()).contains(violation);
        });

        SeenReply next = parley.awaitReply(parley.ask(conversation, "Still there?"));
        assertThat(next.body().status()).isEqualTo(ReplyStatus.ANSWERED);
    }

    @Test
    void aQuestionWithoutAMessageIdIsDeadLetteredWithoutAReply() {
        parley.send(m -> m.setSessionId("bad-no-id"), "{\"text\": \"who am I?\"}".getBytes(StandardCharsets.UTF_8));

        EmulatedMessage dead = await().atMost(ParleyHarness.WAIT).until(
                () -> parley.deadLetters().stream().filter(m -> "bad-no-id".equals(m.sessionId())).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(dead.deadLetterReason()).isEqualTo("InvalidQuestion");
        assertThat(dead.deadLetterDescription()).contains("MESSAGE_ID_MISSING");
        assertThat(parley.replies()).noneMatch(r -> "bad-no-id".equals(r.message().sessionId()));

        assertThat(parley.awaitReply(parley.ask("bad-no-id", "And now?")).body().status()).isEqualTo(ReplyStatus.ANSWERED);
    }

    @Test
    void aReplyToTheWorkersOwnQuestionQueueIsRefusedWithoutSendingAnything() {
        String id = UUID.randomUUID().toString();
        parley.send(m -> {
            m.setMessageId(id);
            m.setSessionId("bad-reply-to");
            m.setReplyTo(ParleyHarness.QUESTIONS);
            m.setReplyToSessionId("bad-reply-to");
        }, "{\"text\": \"answer me in your own inbox\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(awaitDeadLetter(id)).satisfies(m -> {
            assertThat(m.deadLetterReason()).isEqualTo("InvalidQuestion");
            assertThat(m.deadLetterDescription()).contains("replyTo 'parley-questions'").contains("parley.reply.allowed-queues");
        });
        assertThat(parley.questionQueue().activeMessages()).noneMatch(m -> id.equals(m.correlationId()));
        assertThat(parley.replies()).noneMatch(r -> id.equals(r.message().correlationId()));

        assertThat(parley.awaitReply(parley.ask("bad-reply-to", "And with the default reply queue?")).body().status())
                .isEqualTo(ReplyStatus.ANSWERED);
    }

    private static EmulatedMessage awaitDeadLetter(String messageId) {
        return await().atMost(ParleyHarness.WAIT).until(
                () -> parley.deadLetters().stream().filter(m -> messageId.equals(m.messageId())).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }
}
