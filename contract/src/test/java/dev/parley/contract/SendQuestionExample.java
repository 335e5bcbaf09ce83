package dev.parley.contract;

import com.azure.core.util.BinaryData;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * The README's "send a question" snippet, compiled against the real SDK; the part between the markers is copied into
 * the README verbatim, and {@code ReadmeTest} checks that it still is.
 */
final class SendQuestionExample {

    private SendQuestionExample() {
    }

    // README:begin
    static final ObjectMapper JSON = new ObjectMapper();

    static ServiceBusMessage questionMessage(String conversationId, String text, String replicaId)
            throws JsonProcessingException {
        ObjectNode body = JSON.createObjectNode();
        body.put("text", text);
        body.putObject("user").put("id", "u-1842").put("displayName", "Ada Lovelace");
        body.putObject("channel").put("bridge", "teams").put("replica", replicaId);

        ServiceBusMessage message = new ServiceBusMessage(BinaryData.fromBytes(JSON.writeValueAsBytes(body)));
        message.setMessageId(UUID.randomUUID().toString()); // unique per question; keep it when you retry a send
        message.setSessionId(conversationId);               // the conversation: answered in order, with context
        message.setReplyTo("parley-replies");
        message.setReplyToSessionId(replicaId);             // the reply session your replica listens on
        message.setContentType("application/json");
        message.getApplicationProperties().put("parley-version", "1");
        return message;
    }

    static void send(String namespace, ServiceBusMessage message) {
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder()
                .fullyQualifiedNamespace(namespace)         // e.g. "contoso.servicebus.windows.net"
                .credential(new DefaultAzureCredentialBuilder().build())
                .sender()
                .queueName("parley-questions")
                .buildClient()) {
            sender.sendMessage(message);
        }
    }
    // README:end
}
