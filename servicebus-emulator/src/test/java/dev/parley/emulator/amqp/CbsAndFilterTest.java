package dev.parley.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.emulator.EmulatedMessage;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What other clients send that the Java SDK with a connection string does not: a CBS put-token carrying a JWT
 * (TokenCredential authentication), and a session filter wrapped in the described type the Go and Node SDKs use.
 */
class CbsAndFilterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Symbol SESSION_FILTER = Symbol.valueOf("com.microsoft:session-filter");
    private static final UnsignedLong SESSION_FILTER_DESCRIPTOR = UnsignedLong.valueOf(0x137000000CL);
    private static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServiceBusEmulator emulator;
    private RawAmqpClient client;

    @BeforeEach
    void start() throws IOException {
        emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder("jobs").build())
                .queue(QueueOptions.builder("conversations").requiresSession(true).build())
                .build().start();
        client = new RawAmqpClient(emulator.port());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        emulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jwt", "servicebus.windows.net:sastoken"})
    void aPutTokenOfEitherTypeIsAnsweredWithIntSuccessAndTheTokenAuthorisesASend(String type) throws IOException {
        // the SDK's CBS pair: pre-settled requests to $cbs, replies on a link whose target is the reply-to
        Sender requests = client.sender("cbs", "$cbs");
        requests.setSenderSettleMode(SenderSettleMode.SETTLED);
        requests.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        requests.open();
        Receiver replies = client.session.receiver("cbs:receiver");
        replies.setSource(source("$cbs"));
        replies.setTarget(target("cbs-client-reply-to"));
        replies.setSenderSettleMode(SenderSettleMode.SETTLED);
        replies.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        replies.open();
        replies.flow(10);
        client.pumpUntil(() -> requests.getCredit() > 0 && replies.getRemoteState() == EndpointState.ACTIVE, WAIT);

        String audience = "amqp://127.0.0.1/jobs";
        Message putToken = Message.Factory.create();
        putToken.setMessageId(UnsignedLong.valueOf(42));
        putToken.setReplyTo("cbs-client-reply-to");
        putToken.setApplicationProperties(new ApplicationProperties(Map.of(
                "operation", "put-token",
                "type", type,
                "name", audience,
                "expiration", new Date(System.currentTimeMillis() + 3_600_000))));
        putToken.setBody(new AmqpValue("jwt".equals(type) ? jwtLookingToken() : sasLookingToken(audience)));
        RawAmqpClient.send(requests, putToken).settle();

        Message response = client.receive(replies, WAIT);

        assertThat(response.getCorrelationId()).isEqualTo(UnsignedLong.valueOf(42));
        assertThat(response.getApplicationProperties().getValue().get("statusCode"))
                .isInstanceOf(Integer.class)
                .isIn(200, 202);

        Sender jobs = client.sender("jobs-sender", "jobs");
        jobs.open();
        client.pumpUntil(() -> jobs.getCredit() > 0, WAIT);
        Message job = Message.Factory.create();
        job.setMessageId("job-after-" + type);
        job.setBody(new AmqpValue("authorised"));
        Delivery sent = RawAmqpClient.send(jobs, job);
        client.pumpUntil(() -> sent.getRemoteState() != null, WAIT);

        assertThat(sent.getRemoteState()).isInstanceOf(Accepted.class);
        assertThat(emulator.queue("jobs").activeMessages()).extracting(EmulatedMessage::messageId)
                .containsExactly("job-after-" + type);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "conversation-7")
    void aSessionFilterWrappedInTheDescribedTypeIsGrantedAndEchoedAsAPlainString(String requested)
            throws IOException {
        Sender questions = client.sender("questions-sender", "conversations");
        questions.open();
        client.pumpUntil(() -> questions.getCredit() > 0, WAIT);
        Message question = Message.Factory.create();
        question.setMessageId("q-1");
        question.setGroupId("conversation-7");
        question.setBody(new AmqpValue("hello"));
        Delivery enqueued = RawAmqpClient.send(questions, question);
        client.pumpUntil(() -> enqueued.getRemoteState() != null, WAIT);
        assertThat(enqueued.getRemoteState()).isInstanceOf(Accepted.class);

        // as the Go and Node SDKs attach a session receiver (peek-lock)
        Source source = source("conversations");
        Map<Symbol, Object> filter = new HashMap<>();
        filter.put(SESSION_FILTER, new UnknownDescribedType(SESSION_FILTER_DESCRIPTOR, requested));
        source.setFilter(filter);
        String linkName = requested != null ? requested : "session-" + Long.toHexString(RANDOM.nextLong());
        Receiver receiver = client.session.receiver(linkName);
        receiver.setSource(source);
        receiver.setTarget(target(linkName));
        receiver.setSenderSettleMode(SenderSettleMode.UNSETTLED);
        receiver.setReceiverSettleMode(ReceiverSettleMode.SECOND);
        receiver.setProperties(Map.of(TIMEOUT, UnsignedInteger.valueOf(5_000)));
        receiver.open();
        receiver.flow(1);

        Message delivered = client.receive(receiver, WAIT);

        assertThat(receiver.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        Source granted = (Source) receiver.getRemoteSource();
        assertThat(granted.getFilter().get(SESSION_FILTER)).isEqualTo("conversation-7");
        assertThat(delivered.getGroupId()).isEqualTo("conversation-7");
        assertThat(delivered.getMessageId()).isEqualTo("q-1");
    }

    private static Source source(String address) {
        Source source = new Source();
        source.setAddress(address);
        return source;
    }

    private static Target target(String address) {
        Target target = new Target();
        target.setAddress(address);
        return target;
    }

    /** Three base64url parts, as an Entra ID access token has; the signature is random bytes. */
    private static String jwtLookingToken() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"aud\":\"https://servicebus.azure.net\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(randomBytes(64));
    }

    private static String sasLookingToken(String audience) {
        return "SharedAccessSignature sr=" + audience + "&sig="
                + Base64.getEncoder().encodeToString(randomBytes(32))
                + "&se=" + (System.currentTimeMillis() / 1000 + 3600) + "&skn=" + ServiceBusEmulator.DEVELOPMENT_KEY_NAME;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
