package dev.parley.cli;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import dev.parley.contract.Command;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.QuestionBody;
import dev.parley.contract.ReplyBody;
import dev.parley.contract.User;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
  * One chat conversation over Service Bus: sends questions to the question queue (session =
  * conversation id) and waits for the matching reply in a reply session of its own, which it holds
  * for its whole life, so replies to this terminal never reach anyone else.
  */
public final class ChatClient implements AutoCloseable {

    private final ChatOptions options;
    private final String replySessionId = "cli-replies-" + UUID.randomUUID();
    private final ServiceBusSenderClient sender;
    private final ServiceBusSessionReceiverClient sessionReceiver;
    private final ServiceBusReceiverClient replies;

    private ChatClient(ChatOptions options, ServiceBusClientBuilder builder) {
        this.options = options;
        this.sender = builder.sender().queueName(options.questionQueue()).buildClient();
        this.sessionReceiver =
                builder.sessionReceiver().queueName(options.replyQueue()).disableAutoComplete().buildClient();
        this.replies = sessionReceiver.acceptSession(replySessionId);
    }

    public static ChatClient connect(ChatOptions options) {
        ServiceBusClientBuilder builder = new ServiceBusClientBuilder();
        if (options.connectionString() != null) {
            builder.connectionString(options.connectionString());
        } else {
            builder
                    .fullyQualifiedNamespace(options.namespace())
                    .credential(new DefaultAzureCredentialBuilder().build());
        }
        return new ChatClient(options, builder);
    }

    public String conversationId() {
        return options.conversationId();
    }

    /** Asks a question and waits for its reply; empty if none came within the reply timeout. */
    public Optional<ReplyBody> ask(String text) {
        return send(new QuestionBody(text, user(), null, null));
    }

    /** Starts the conversation afresh. */
    public Optional<ReplyBody> reset() {
        return send(new QuestionBody("reset", user(), null, Command.RESET));
    }

    private User user() {
        return new User(options.userId(), options.userId());
    }

    private Optional<ReplyBody> send(QuestionBody body) {
        String messageId = UUID.randomUUID().toString();
        ServiceBusMessage message = new ServiceBusMessage(ParleyJson.write(body));
        message.setMessageId(messageId);
        message.setSessionId(options.conversationId());
        message.setReplyTo(options.replyQueue());
        message.setReplyToSessionId(replySessionId);
        message.setContentType(ParleyProtocol.CONTENT_TYPE_JSON);
        message.getApplicationProperties().put(ParleyProtocol.VERSION_PROPERTY, ParleyProtocol.CURRENT_VERSION);
        sender.sendMessage(message);
        return awaitReply(messageId);
    }

    private Optional<ReplyBody> awaitReply(String questionMessageId) {
        Instant deadline = Instant.now().plus(options.replyTimeout());
        while (Instant.now().isBefore(deadline)) {
            Duration left = Duration.between(Instant.now(), deadline);
            for (ServiceBusReceivedMessage reply : replies.receiveMessages(1, left)) {
                replies.complete(reply);
                // A reply to an earlier question that timed out is dropped here: it is stale for this prompt.
                if (questionMessageId.equals(reply.getCorrelationId())) {
                    return Optional.of(ParleyJson.readReply(reply.getBody().toBytes()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        replies.close();
        sessionReceiver.close();
        sender.close();
    }
}
