package dev.parley.worker;

import static org.awaitility.Awaitility.await;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.QuestionBody;
import dev.parley.contract.ReplyBody;
import dev.parley.emulator.EmulatedMessage;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.QueueView;
import dev.parley.emulator.ServiceBusEmulator;
import dev.parley.worker.conversation.Conversation;
import dev.parley.worker.conversation.ConversationCodec;
import dev.parley.worker.intake.TurnCheckpoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One place that starts what a worker talks to (the Service Bus emulator, and for the model path
 * {@link ModelFakes}: Entra + Azure OpenAI over TLS) and workers against it, so that tests read as
 * specifications: ask, await the reply, look at the queues and the stored conversation.
 */
public final class ParleyHarness implements AutoCloseable {

    public static final String QUESTIONS = ParleyProtocol.DEFAULT_QUESTION_QUEUE;
    public static final String REPLIES = ParleyProtocol.DEFAULT_REPLY_QUEUE;
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ServiceBusEmulator emulator;
    private final ModelFakes model;
    private final ServiceBusSenderClient questions;
    private final Map<String, Object> workerProperties;
    private final List<ConfigurableApplicationContext> workers = new ArrayList<>();

    private ParleyHarness(Builder builder) {
        emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder(QUESTIONS).requiresSession(true)
                        .lockDuration(builder.lockDuration).maxDeliveryCount(builder.maxDeliveryCount).build())
                .queue(QueueOptions.builder(REPLIES).requiresSession(true).requiresDuplicateDetection(true)
                        .duplicateDetectionHistoryTimeWindow(Duration.ofMinutes(10)).build())
                .build().start();
        model = builder.offline ? null : new ModelFakes(builder.tokenLifetime, builder.modelLatency);
        questions = new ServiceBusClientBuilder().connectionString(emulator.connectionString())
                .sender().queueName(QUESTIONS).buildClient();
        workerProperties = new LinkedHashMap<>();
        workerProperties.put("spring.main.web-application-type", "none");
        workerProperties.put("spring.cloud.azure.servicebus.connection-string", emulator.connectionString());
        // A token credential bean outranks a connection string in Spring Cloud Azure; the emulator takes SAS only.
        workerProperties.put("spring.cloud.azure.credential.token-credential-bean-name", "");
        workerProperties.put("spring.cloud.azure.servicebus.retry.try-timeout", "5s");
        workerProperties.put("parley.intake.session-idle-timeout", "300ms");
        workerProperties.put("parley.intake.backoff.min", "20ms");
        workerProperties.put("parley.intake.backoff.max", "200ms");
        workerProperties.put("parley.intake.drain-timeout", "10s");
        if (model == null) {
            workerProperties.put("parley.answering.mode", "offline");
            workerProperties.put("parley.identity.startup-check", "false");
        } else {
            workerProperties.putAll(model.workerProperties());
        }
        workerProperties.putAll(builder.properties);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ServiceBusEmulator emulator() {
        return emulator;
    }

    public ModelFakes model() {
        if (model == null) {
            throw new IllegalStateException("this harness answers offline; build it without offline() for the model path");
        }
        return model;
    }

    /** A worker with the harness's properties, then {@code overrides} ({@code name=value}). */
    public ConfigurableApplicationContext startWorker(String... overrides) {
        return startWorker(TurnCheckpoints.NONE, overrides);
    }

    /** A worker whose turns report their steps to {@code checkpoints} (the crash tests' hook). */
    public ConfigurableApplicationContext startWorker(TurnCheckpoints checkpoints, String... overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(workerProperties);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            properties.put(override.substring(0, eq), override.substring(eq + 1));
        }
        // As command-line arguments: they outrank application.yml, as a deployment's settings do.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(ParleyWorkerApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("turnCheckpoints", checkpoints))
                .run(args);
        workers.add(worker);
        return worker;
    }

    /** Sends a question (JSON body, parley-version 1, replyTo the reply queue); returns its message id. */
    public String ask(String conversationId, String text) {
        return ask(conversationId, QuestionBody.builder().text(text).user("u-1", "Ada").build());
    }

    public String ask(String conversationId, QuestionBody body) {
        String messageId = UUID.randomUUID().toString();
        send(message -> {
            message.setMessageId(messageId);
            message.setSessionId(conversationId);
            message.setReplyTo(REPLIES);
        }, ParleyJson.write(body));
        return messageId;
    }

    /** Sends whatever the test builds, starting from a well-formed question envelope with {@code body}. */
    public void send(Consumer<ServiceBusMessage> shape, byte[] body) {
        ServiceBusMessage message = new ServiceBusMessage(body);
        message.setContentType(ParleyProtocol.CONTENT_TYPE_JSON);
        message.getApplicationProperties().put(ParleyProtocol.VERSION_PROPERTY, ParleyProtocol.CURRENT_VERSION);
        shape.accept(message);
        questions.sendMessage(message);
    }

    /** A reply on the reply queue, read through the emulator's view (nothing is consumed). */
    public record SeenReply(EmulatedMessage message, ReplyBody body) {
        public String text() {
            return body.text();
        }
    }

    public List<SeenReply> replies() {
        return emulator.queue(REPLIES).activeMessages().stream()
                .map(m -> new SeenReply(m, ParleyJson.readReply(m.body())))
                .toList();
    }

    public List<SeenReply> repliesTo(String questionMessageId) {
        return replies().stream().filter(r -> questionMessageId.equals(r.message().correlationId())).toList();
    }

    /** Waits for the reply to a question and returns it. */
    public SeenReply awaitReply(String questionMessageId) {
        return await().atMost(WAIT).until(() -> repliesTo(questionMessageId), r -> !r.isEmpty()).getFirst();
    }

    /** Waits until the question queue holds nothing (every question settled). */
    public void awaitQuestionsSettled() {
        await().atMost(WAIT).until(() -> emulator.queue(QUESTIONS).activeMessages().isEmpty());
    }

    public QueueView questionQueue() {
        return emulator.queue(QUESTIONS);
    }

    public List<EmulatedMessage> deadLetters() {
        return emulator.queue(QUESTIONS).deadLetters();
    }

    /** The conversation as stored in the session state, decoded with the worker's own codec. */
    public Conversation storedConversation(String conversationId) {
        return emulator.queue(QUESTIONS).sessionState(conversationId)
                .map(state -> new ConversationCodec().decode(conversationId, state))
                .orElseGet(() -> Conversation.empty(conversationId));
    }

    public void stopWorkers() {
        workers.forEach(ConfigurableApplicationContext::close);
        workers.clear();
    }

    @Override
    public void close() {
        stopWorkers();
        questions.close();
        if (model != null) {
            model.close();
        }
        emulator.close();
    }

    public static final class Builder {
        private Duration lockDuration = Duration.ofSeconds(5);
        private int maxDeliveryCount = 10;
        private boolean offline;
        private Duration tokenLifetime = Duration.ofHours(1);
        private Duration modelLatency = Duration.ZERO;
        private final Map<String, Object> properties = new LinkedHashMap<>();

        /** Answers with the worker's offline answerer: no Entra, no model. */
        public Builder offline() {
            offline = true;
            return this;
        }

        public Builder lockDuration(Duration value) {
            lockDuration = value;
            return this;
        }

        public Builder maxDeliveryCount(int value) {
            maxDeliveryCount = value;
            return this;
        }

        public Builder tokenLifetime(Duration value) {
            tokenLifetime = value;
            return this;
        }

        public Builder modelLatency(Duration value) {
            modelLatency = value;
            return this;
        }

        /** A worker property for every worker this harness starts. */
        public Builder property(String name, Object value) {
            properties.put(name, value);
            return this;
        }

        public ParleyHarness start() {
            return new ParleyHarness(this);
        }
    }
}
