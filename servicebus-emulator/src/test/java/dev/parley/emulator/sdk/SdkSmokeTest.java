package dev.parley.emulator.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import dev.parley.emulator.QueueOptions;
import dev.parley.emulator.ServiceBusEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real SDK connects, authorises through CBS, sends, receives in peek-lock mode and completes. */
class SdkSmokeTest {
    private ServiceBusEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ServiceBusEmulator.builder()
                .queue(QueueOptions.builder("orders").lockDuration(Duration.ofSeconds(30)).build())
                .build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void sendReceiveComplete() {
        ServiceBusClientBuilder builder = new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(10)));
        try (ServiceBusSenderClient sender = builder.sender().queueName("orders").buildClient();
             ServiceBusReceiverClient receiver = builder.receiver().queueName("orders")
                     .disableAutoComplete().buildClient()) {
            sender.sendMessage(new ServiceBusMessage("hello").setMessageId("m-1").setSubject("greeting"));

            List<ServiceBusReceivedMessage> received = receiver.receiveMessages(1, Duration.ofSeconds(10))
                    .stream().toList();

            assertThat(received).hasSize(1);
            ServiceBusReceivedMessage m = received.get(0);
            assertThat(m.getBody().toString()).isEqualTo("hello");
            assertThat(m.getMessageId()).isEqualTo("m-1");
            assertThat(m.getSubject()).isEqualTo("greeting");
            assertThat(m.getSequenceNumber()).isEqualTo(1L);
            assertThat(m.getDeliveryCount()).isZero();
            assertThat(m.getLockToken()).isNotEqualTo("00000000-0000-0000-0000-000000000000");
            assertThat(emulator.queue("orders").activeMessages()).hasSize(1);

            receiver.complete(m);

            assertThat(emulator.queue("orders").activeMessages()).isEmpty();
        }
    }
}
