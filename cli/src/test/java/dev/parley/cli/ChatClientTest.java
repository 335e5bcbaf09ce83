package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import dev.parley.contract.Command;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.Question;
import dev.parley.contract.QuestionEnvelope;
import dev.parley.contract.QuestionReader;
import dev.parley.contract.QuestionReading;
import dev.parley.contract.Reply;
import dev.parley.contract.ReplyBody;
import dev.parley.contract.ReplyStatus;
import dev.parley.contract.Usage;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The terminal chat against the emulator, with a stand-in worker that answers by the contract. */
class ChatClientTest {

    ServiceBusEmulator emulator;
    ServiceBusClientBuilder sdk;

    @BeforeEach
    void startEmulator() {
        emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder(ParleyProtocol.DEFAULT_QUESTION_QUEUE).requiresSession(true).build())
                .queue(QueueOptions.builder(ParleyProtocol.DEFAULT_REPLY_QUEUE).requiresSession(true).build())
                .build()
                .start();
        sdk = new ServiceBusClientBuilder().connectionString(emulator.connectionString());
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }

    @Test
    void asksAValidQuestionInItsConversationAndReturnsTheReplyAddressedToIt() throws Exception {
        try (ChatClient chat = ChatClient.connect(options("conv-1"))) {
            CompletableFuture<Question> seen = answerOnce(q -> ReplyBody.answered(
                    "echo: " + q.body().text(), new Usage(3, 2), "fake-model", q.body().channel()));

            Optional<ReplyBody> reply = chat.ask("Where is the VPN guide?");

            Question question = seen.get(30, TimeUnit.SECONDS);
            assertThat(question.conversationId()).isEqualTo("conv-1");
            assertThat(question.replyTo()).isEqualTo(ParleyProtocol.DEFAULT_REPLY_QUEUE);
            assertThat(question.replyToSessionId()).startsWith("cli-replies-");
            assertThat(question.body().user().id()).isEqualTo("alice");
            assertThat(reply).get().extracting(ReplyBody::status, ReplyBody::text)
                    .containsExactly(ReplyStatus.ANSWERED, "echo: Where is the VPN guide?");
        }
    }

    @Test
    void resetIsSentAsTheResetCommand() throws Exception {
        try (ChatClient chat = ChatClient.connect(options("conv-2"))) {
            CompletableFuture<Question> seen =
                    answerOnce(q -> ReplyBody.answered("fresh start", new Usage(0, 0), "offline", null));

            assertThat(chat.reset()).get().extracting(ReplyBody::text).isEqualTo("fresh start");
            assertThat(seen.get(30, TimeUnit.SECONDS).body().command()).isEqualTo(Command.RESET);
        }
    }

    @Test
    void givesUpAfterTheReplyTimeoutWhenNoWorkerAnswers() {
        ChatOptions impatient = new ChatOptions(emulator.connectionString(), null,
                ParleyProtocol.DEFAULT_QUESTION_QUEUE, ParleyProtocol.DEFAULT_REPLY_QUEUE, "conv-3", "alice",
                Duration.ofMillis(500));
        try (ChatClient chat = ChatClient.connect(impatient)) {
            assertThat(chat.ask("anyone there?")).isEmpty();
        }
        assertThat(emulator.queue(ParleyProtocol.DEFAULT_QUESTION_QUEUE).activeMessages())
                .singleElement().satisfies(m -> assertThat(m.sessionId()).isEqualTo("conv-3"));
    }

    @Test
    void optionsNeedExactlyOneWayToConnect() {
        assertThat(ChatOptions.parse(new String[] {"--namespace", "bus.servicebus.windows.net"}, Map.of()).namespace())
                .isEqualTo("bus.servicebus.windows.net");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChatOptions.parse(new String[0], Map.of()))
                .hasMessageContaining("--connection-string").hasMessageContaining("--namespace");
    }

    private ChatOptions options(String conversation) {
        return ChatOptions.parse(
                new String[] {"--connection-string", emulator.connectionString(), "--conversation", conversation,
                    "--user", "alice", "--reply-timeout", "PT30S"},
                Map.of());
    }

    /** A stand-in worker: takes one question, checks it against the contract, replies as the contract says. */
    private CompletableFuture<Question> answerOnce(Function<Question, ReplyBody> answer) {
        return CompletableFuture.supplyAsync(() -> {
            ServiceBusSessionReceiverClient sessions =
                    sdk.sessionReceiver().queueName(ParleyProtocol.DEFAULT_QUESTION_QUEUE).buildClient();
            try (ServiceBusReceiverClient receiver = sessions.acceptNextSession();
                    ServiceBusSenderClient replies =
                            sdk.sender().queueName(ParleyProtocol.DEFAULT_REPLY_QUEUE).buildClient()) {
                ServiceBusReceivedMessage m = receiver.receiveMessages(1, Duration.ofSeconds(20)).iterator().next();
                QuestionReading reading = QuestionReader.read(QuestionEnvelope.builder()
                        .messageId(m.getMessageId()).sessionId(m.getSessionId()).replyTo(m.getReplyTo())
                        .replyToSessionId(m.getReplyToSessionId()).contentType(m.getContentType())
                        .applicationProperties(m.getApplicationProperties()).body(m.getBody().toBytes()).build());
                assertThat(reading).isInstanceOf(QuestionReading.Valid.class);
                Question q = ((QuestionReading.Valid) reading).question();
                Reply reply = Reply.to(q, answer.apply(q));
                ServiceBusMessage out = new ServiceBusMessage(ParleyJson.write(reply.body()));
                out.setMessageId(reply.messageId());
                out.setSessionId(reply.sessionId());
                out.setCorrelationId(reply.correlationId());
                replies.sendMessage(out);
                receiver.complete(m);
                return q;
            } finally {
                sessions.close();
            }
        });
    }
}
