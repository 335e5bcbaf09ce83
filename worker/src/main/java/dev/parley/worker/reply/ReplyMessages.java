package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusMessage;
import dev.parley.contract.ParleyJson;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.Reply;

/** Turns a contract {@link Reply} into the Service Bus message the bridge reads. */
final class ReplyMessages {

    private ReplyMessages() {
    }

    static ServiceBusMessage toMessage(Reply reply) {
        ServiceBusMessage message = new ServiceBusMessage(ParleyJson.write(reply.body()));
        message.setMessageId(reply.messageId());
        message.setSessionId(reply.sessionId());
        message.setCorrelationId(reply.correlationId());
        message.setContentType(ParleyProtocol.CONTENT_TYPE_JSON);
        message.getApplicationProperties().put(ParleyProtocol.VERSION_PROPERTY, ParleyProtocol.CURRENT_VERSION);
        return message;
    }
}
