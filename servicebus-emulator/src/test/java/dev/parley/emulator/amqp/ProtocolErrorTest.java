package dev.parley.emulator.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Protocol-level refusals the SDK never provokes: undecodable transfers, unknown operations, unknown entities. */
class ProtocolErrorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private ServiceBusEmulator emulator;
    private RawAmqpClient client;

    @BeforeEach
    void start() throws IOException {
        emulator = ServiceBusEmulator.builder().queue(QueueOptions.builder("jobs").build()).build().start();
        client = new RawAmqpClient(emulator.port());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        emulator.close();
    }

    @Test
    void anUndecodableMessageIsRejectedWithDecodeErrorAndTheLinkStaysUsable() throws IOException {
        Sender sender = sender("jobs");
        client.pumpUntil(() -> sender.getCredit() > 0, WAIT);

        Delivery bad = RawAmqpClient.send(sender, new byte[] {0x00, 0x53, 0x75, (byte) 0xa0, (byte) 0xff, 1, 2});
        client.pumpUntil(() -> bad.getRemoteState() != null, WAIT);

        assertThat(bad.getRemoteState()).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.getError().getCondition().toString()).isEqualTo("amqp:decode-error"));
        assertThat(bad.remotelySettled()).isTrue();
        Message good = Message.Factory.create();
        good.setMessageId("good");
        good.setBody(new AmqpValue("fine"));
        Delivery ok = RawAmqpClient.send(sender, good);
        client.pumpUntil(() -> ok.getRemoteState() != null, WAIT);
        assertThat(ok.getRemoteState()).isInstanceOf(org.apache.qpid.proton.amqp.messaging.Accepted.class);
        assertThat(emulator.queue("jobs").activeMessages()).extracting(m -> m.messageId()).containsExactly("good");
    }

    @Test
    void anUnknownManagementOperationAnswersNotImplemented() throws IOException {
        Sender requests = sender("jobs/$management");
        Receiver replies = client.session.receiver("raw-mgmt-replies");
        Source source = new Source();
        source.setAddress("jobs/$management");
        Target target = new Target();
        target.setAddress("raw-reply-to");
        replies.setSource(source);
        replies.setTarget(target);
        replies.open();
        replies.flow(10);
        client.pumpUntil(() -> requests.getCredit() > 0 && replies.getRemoteState() == EndpointState.ACTIVE, WAIT);

        Message request = Message.Factory.create();
        request.setMessageId(UnsignedLong.valueOf(1));
        request.setReplyTo("raw-reply-to");
        request.setApplicationProperties(new ApplicationProperties(Map.of("operation", "com.microsoft:enumerate-rules")));
        request.setBody(new AmqpValue(Map.of()));
        RawAmqpClient.send(requests, request);

        Message response = client.receive(replies, WAIT);
        assertThat(response.getCorrelationId()).isEqualTo(UnsignedLong.valueOf(1));
        assertThat(response.getApplicationProperties().getValue())
                .containsEntry("statusCode", 501)
                .containsEntry("errorCondition", Symbol.valueOf("amqp:not-implemented"));
    }

    @Test
    void attachingToAnUnknownQueueIsRefusedWithNotFound() throws IOException {
        Sender sender = sender("no-such-queue");

        client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED, WAIT);

        assertThat(sender.getRemoteTarget()).isNull();
        assertThat(sender.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:not-found");
    }

    private Sender sender(String address) {
        Sender sender = client.sender("raw-" + address, address);
        sender.open();
        return sender;
    }
}
