package dev.parley.worker.intake;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import dev.parley.contract.QuestionEnvelope;
import java.util.Map;

/** The transport-neutral view of a received question that the contract validates. */
final class ReceivedQuestions {

    private ReceivedQuestions() {
    }

    static QuestionEnvelope envelope(ServiceBusReceivedMessage message) {
        byte[] body = message.getBody() == null ? new byte[0] : message.getBody().toBytes();
        return new QuestionEnvelope(message.getMessageId(), message.getSessionId(), message.getReplyTo(),
                message.getReplyToSessionId(), message.getContentType(),
                Map.copyOf(withoutNulls(message.getApplicationProperties())), body);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> properties) {
        return properties.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
