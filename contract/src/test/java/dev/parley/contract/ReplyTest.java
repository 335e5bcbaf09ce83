package dev.parley.contract;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ReplyTest {

    static final ReplyBody ANSWER = ReplyBody.answered("Parley answers questions.", new Usage(10, 5), "gpt-4o", null);

    static Question.Builder aQuestion() {
        return Question.builder()
                .messageId("q-1")
                .conversationId("conversation-1")
                .replyTo("parley-replies")
                .replyToSessionId("bridge-7")
                .body(QuestionBody.builder().text("What is Parley?").build());
    }

    @Test
    void theReplyGoesToTheQuestionsReplySession() {
        Reply reply = Reply.to(aQuestion().build(), ANSWER);

        assertThat(reply.sessionId()).isEqualTo("bridge-7");
    }

    @Test
    void withoutAReplySessionTheReplyGoesToTheConversation() {
        Reply reply = Reply.to(aQuestion().replyToSessionId(null).build(), ANSWER);

        assertThat(reply.sessionId()).isEqualTo("conversation-1");
    }

    @Test
    void theCorrelationIdIsTheQuestionsMessageId() {
        Reply reply = Reply.to(aQuestion().build(), ANSWER);

        assertThat(reply.correlationId()).isEqualTo("q-1");
    }

    @Test
    void replyToIsCopiedSoTheReplyCanBeRouted() {
        assertThat(Reply.to(aQuestion().build(), ANSWER).replyTo()).isEqualTo("parley-replies");
        assertThat(Reply.to(aQuestion().replyTo(null).build(), ANSWER).replyTo()).isNull();
    }

    @Test
    void everyReplyIsJsonOfTheCurrentVersion() {
        Reply reply = Reply.to(aQuestion().build(), ANSWER);

        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.applicationProperties()).containsExactly(Map.entry("parley-version", "1"));
    }

    @Test
    void theBodyIsCarriedAsGiven() {
        assertThat(Reply.to(aQuestion().build(), ANSWER).body()).isEqualTo(ANSWER);
    }

    @Test
    void theMessageIdIsDerivedFromTheQuestionsId() {
        Reply first = Reply.to(aQuestion().build(), ANSWER);
        Reply resent = Reply.to(aQuestion().build(), ReplyBody.failed("internal_error", "crashed", null));

        assertThat(first.messageId())
                .as("a re-sent reply must be a duplicate the reply queue drops")
                .isEqualTo(resent.messageId())
                .isEqualTo(Reply.messageIdFor("q-1"))
                .isNotEqualTo("q-1");
    }

    @Test
    void theMessageIdIsAVersion5UuidThatOtherLanguagesCanReproduce() {
        // uuid5(UUID("6d1c4c36-1f0e-4a52-9d7e-6c0b9a2f51e7"), name) as Python's uuid module computes it:
        // a producer in any language can predict the reply id, and changing the namespace breaks deduplication.
        assertThat(Reply.messageIdFor("q-1")).isEqualTo("668fc07b-aa5b-593a-934d-39ccca2ee0cd");
        assertThat(Reply.messageIdFor("Zoë-🙂")).isEqualTo("1e550d38-b2ed-5f8c-bff5-86c49b46d60e");
        assertThat(UUID.fromString(Reply.messageIdFor("q-1")).version()).isEqualTo(5);
    }

    @Test
    void differentQuestionsGetDifferentReplyIds() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(Reply.messageIdFor("q-" + i)));

        assertThat(ids).hasSize(10_000);
        assertThat(Reply.messageIdFor("Q-1")).isNotEqualTo(Reply.messageIdFor("q-1"));
    }

    @Test
    void theReplyIdFitsServiceBusWhateverTheQuestionId() {
        String longest = "ü".repeat(QuestionLimits.MESSAGE_ID_MAX_LENGTH);

        assertThat(Reply.messageIdFor(longest)).hasSizeLessThanOrEqualTo(128).hasSize(36);
        assertThat(Reply.messageIdFor("")).hasSize(36);
    }

    @Test
    void aReplyIdNeedsAQuestionId() {
        assertThatNullPointerException().isThrownBy(() -> Reply.messageIdFor(null));
    }
}
