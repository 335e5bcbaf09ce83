package dev.parley.worker.reply;

import java.util.Set;

import dev.parley.contract.ParleyProtocol;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where replies go ({@code parley.reply.*}).
 *
 * @param defaultQueue the reply queue for questions that name none in {@code replyTo}
 * @param transactions send the reply and settle the question in one Service Bus transaction
 *     (cross-entity); when off, or when the broker refuses, the reply is sent first and the
 *     question settled after it, and the reply's deterministic id lets duplicate detection drop a re-send
 * @param allowedQueues further queues a question may name in {@code replyTo}; {@code replyTo} comes from
 *     the producer, so without this list a question could make the worker send into any queue it may
 *     send to (the question queue, for one)
 */
@Validated
@ConfigurationProperties("parley.reply")
public record ReplyProperties(
        @DefaultValue(ParleyProtocol.DEFAULT_REPLY_QUEUE)
        @NotBlank(message = "set parley.reply.default-queue (PARLEY_REPLY_DEFAULT_QUEUE) to the reply queue used when a question names none")
        String defaultQueue,
        @DefaultValue("true") boolean transactions,
        @DefaultValue Set<String> allowedQueues) {

    public ReplyProperties {
        allowedQueues = allowedQueues == null ? Set.of() : Set.copyOf(allowedQueues);
    }
}
