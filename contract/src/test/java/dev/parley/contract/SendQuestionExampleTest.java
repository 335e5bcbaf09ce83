package dev.parley.contract;

import com.azure.messaging.servicebus.ServiceBusMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's send snippet builds a message that the worker's reader accepts. */
class SendQuestionExampleTest {

    @Test
    void theDocumentedMessageIsAValidQuestion() throws Exception {
        ServiceBusMessage message = SendQuestionExample.questionMessage("conversation-1", "Hi \"there\" 🙂", "bridge-7");

        QuestionReading reading = QuestionReader.read(new QuestionEnvelope(message.getMessageId(),
                message.getSessionId(), message.getReplyTo(), message.getReplyToSessionId(), message.getContentType(),
                message.getApplicationProperties(), message.getBody().toBytes()));

        Question question = QuestionReaderTest.valid(reading);
        assertThat(question.conversationId()).isEqualTo("conversation-1");
        assertThat(question.replyTo()).isEqualTo(ParleyProtocol.DEFAULT_REPLY_QUEUE);
        assertThat(question.replyToSessionId()).isEqualTo("bridge-7");
        assertThat(question.body().text()).isEqualTo("Hi \"there\" 🙂");
        assertThat(question.body().user()).isEqualTo(new User("u-1842", "Ada Lovelace"));
        assertThat(question.body().channel().get("replica").asText()).isEqualTo("bridge-7");
    }

    @Test
    void eachDocumentedMessageHasItsOwnId() throws Exception {
        assertThat(SendQuestionExample.questionMessage("c", "a", "r").getMessageId())
                .isNotEqualTo(SendQuestionExample.questionMessage("c", "a", "r").getMessageId());
    }
}
