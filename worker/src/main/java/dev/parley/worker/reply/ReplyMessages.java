package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusMessage;
import dev.parley.contract.ParleyJson;
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
        message.setContentType(reply.contentType());
        message.getApplicationProperties().putAll(reply.applicationProperties());
        return message;
    }
}
