package dev.parley.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one message held by the emulator, for test assertions. {@code deliveryCount} counts deliveries
 * so far (Service Bus's DeliveryCount; the Java SDK reports one less, the AMQP "prior attempts" value).
 */
public record EmulatedMessage(
        String messageId,
        String sessionId,
        String correlationId,
        String replyTo,
        String replyToSessionId,
        String subject,
        String contentType,
        byte[] body,
        Map<String, Object> applicationProperties,
        long sequenceNumber,
        int deliveryCount,
        Instant enqueuedTime,
        String deadLetterReason,
        String deadLetterDescription) {

    public String bodyAsString() {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}
