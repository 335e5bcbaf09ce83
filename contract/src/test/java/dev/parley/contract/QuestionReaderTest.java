package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QuestionReaderTest {

    @Test
    void aValidQuestionIsReadWithEveryPart() {
        Question question = valid(QuestionReader.read(Envelopes.valid().build()));

        assertThat(question.messageId()).isEqualTo("q-1");
        assertThat(question.conversationId()).isEqualTo("conversation-1");
        assertThat(question.replyTo()).isEqualTo("parley-replies");
        assertThat(question.replyToSessionId()).isEqualTo("bridge-7");
        assertThat(question.parleyVersion()).isEqualTo("1");
        assertThat(question.traceparent()).isEqualTo(Envelopes.TRACEPARENT);
        assertThat(question.body().text()).isEqualTo("What is Parley?");
        assertThat(question.body().user()).isEqualTo(new User("u-1", "Ada"));
        assertThat(question.body().channel()).isEqualTo(ParleyJson.readObject("""
                {"replica": "bridge-7", "thread": {"id": 42}}"""));
        assertThat(question.body().command()).isNull();
    }

    @Test
    void aQuestionSentAsAnEnvelopeReadsBackEqual() {
        Question sent = Question.builder()
                .messageId("q-7")
                .conversationId("conversation-7")
                .replyTo("replies")
                .traceparent(Envelopes.TRACEPARENT)
                .body(QuestionBody.builder()
                        .text("Forget what I said. What is 2 + 2?")
                        .user("u-7", "Grace")
                        .channel(ParleyJson.readObject("{\"replica\": \"b-2\"}"))
                        .command(Command.RESET)
                        .build())
                .build();

        Question received = valid(QuestionReader.read(QuestionEnvelope.of(sent)));

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void onlyTextIsRequiredInTheBody() {
        Question question = valid(QuestionReader.read(Envelopes.withBody("{\"text\": \"Hi\"}")));

        assertThat(question.body()).isEqualTo(QuestionBody.builder().text("Hi").build());
    }

    @Test
    void jsonNullForAnOptionalFieldMeansAbsent() {
        Question question = valid(QuestionReader.read(Envelopes.withBody("""
                {"text": "Hi", "user": null, "channel": null, "command": null}""")));

        assertThat(question.body()).isEqualTo(QuestionBody.builder().text("Hi").build());
    }

    @Test
    void unknownBodyFieldsAreIgnoredSoNewerProducersStillWork() {
        Question question = valid(QuestionReader.read(Envelopes.withBody("""
                {"text": "Hi", "attachments": [{"url": "x"}], "user": {"id": "u", "locale": "en"}}""")));

        assertThat(question.body().text()).isEqualTo("Hi");
        assertThat(question.body().user()).isEqualTo(new User("u", null));
    }

    @Test
    void theResetCommandIsRead() {
        Question question = valid(QuestionReader.read(Envelopes.withBody("{\"text\": \"/reset\", \"command\": \"reset\"}")));

        assertThat(question.body().command()).isEqualTo(Command.RESET);
    }

    @Test
    void anAbsentContentTypeIsAccepted() {
        valid(QuestionReader.read(Envelopes.valid().contentType(null).build()));
    }

    @Test
    void contentTypeIsMatchedIgnoringCaseAndMayNameUtf8() {
        valid(QuestionReader.read(Envelopes.valid().contentType("Application/JSON").build()));
        valid(QuestionReader.read(Envelopes.valid().contentType("application/json; charset=UTF-8").build()));
        valid(QuestionReader.read(Envelopes.valid().contentType("application/json;charset=\"utf-8\"").build()));
    }

    @Test
    void theVersionMayBeAnInteger() {
        Question question = valid(QuestionReader.read(Envelopes.valid().applicationProperty("parley-version", 1).build()));

        assertThat(question.parleyVersion()).isEqualTo("1");
    }

    @Test
    void traceparentIsOptional() {
        Question question = valid(QuestionReader.read(Envelopes.valid().applicationProperty("traceparent", null).build()));

        assertThat(question.traceparent()).isNull();
    }

    @Test
    void blankReplyAddressesCountAsAbsent() {
        Question question = valid(QuestionReader.read(Envelopes.valid().replyTo("").replyToSessionId(" ").build()));

        assertThat(question.replyTo()).isNull();
        assertThat(question.replyToSessionId()).isNull();
    }

    @Test
    void limitsAreInclusive() {
        String id = "i".repeat(QuestionLimits.MESSAGE_ID_MAX_LENGTH);
        String text = "t".repeat(QuestionLimits.TEXT_MAX_LENGTH);

        Question question = valid(QuestionReader.read(Envelopes.valid()
                .messageId(id)
                .sessionId("s".repeat(QuestionLimits.SESSION_ID_MAX_LENGTH))
                .replyTo("r".repeat(QuestionLimits.REPLY_TO_MAX_LENGTH))
                .replyToSessionId("p".repeat(QuestionLimits.REPLY_TO_SESSION_ID_MAX_LENGTH))
                .body("{\"text\": \"" + text + "\"}")
                .build()));

        assertThat(question.messageId()).isEqualTo(id);
        assertThat(question.body().text()).isEqualTo(text);
    }

    @Test
    void textLengthCountsCodePointsSoAnEmojiIsOneCharacter() {
        String text = "🙂".repeat(QuestionLimits.TEXT_MAX_LENGTH); // 16,000 UTF-16 chars

        Question question = valid(QuestionReader.read(Envelopes.withBody("{\"text\": \"" + text + "\"}")));

        assertThat(question.body().text()).isEqualTo(text);
    }

    @Test
    void aBodyOfExactlyTheByteLimitIsParsed() {
        byte[] body = Envelopes.validJsonOfBytes(QuestionLimits.BODY_MAX_BYTES).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(QuestionLimits.BODY_MAX_BYTES);

        valid(QuestionReader.read(Envelopes.valid().body(body).build()));
    }

    @Test
    void aUtf8ByteOrderMarkIsIgnored() {
        valid(QuestionReader.read(Envelopes.withBody("\uFEFF{\"text\": \"Hi\"}")));
    }

    @Test
    void everyViolationIsReportedTogetherNotJustTheFirst() {
        QuestionEnvelope envelope = Envelopes.valid()
                .messageId(null)
                .sessionId("s".repeat(200))
                .contentType("text/plain")
                .applicationProperty("parley-version", "2")
                .applicationProperty("traceparent", "not-a-trace")
                .body("""
                        {"text": "   ", "user": "ada", "channel": [1], "command": "forget"}""")
                .build();

        QuestionReading.Invalid invalid = invalid(QuestionReader.read(envelope));

        assertThat(invalid.violations()).extracting(Violation::code).containsExactly(
                ViolationCode.MESSAGE_ID_MISSING,
                ViolationCode.SESSION_ID_TOO_LONG,
                ViolationCode.CONTENT_TYPE_UNSUPPORTED,
                ViolationCode.VERSION_UNSUPPORTED,
                ViolationCode.TRACEPARENT_INVALID,
                ViolationCode.TEXT_BLANK,
                ViolationCode.USER_INVALID,
                ViolationCode.CHANNEL_NOT_OBJECT,
                ViolationCode.COMMAND_UNKNOWN);
        assertThat(invalid.description()).startsWith("9 violations: MESSAGE_ID_MISSING messageId: ");
    }

    @Test
    void anInvalidQuestionKeepsTheValidPartsSoTheUserCanBeAnswered() {
        QuestionReading.Invalid invalid = invalid(QuestionReader.read(Envelopes.withBody("""
                {"channel": {"replica": "bridge-7"}}""")));

        assertThat(invalid.messageId()).isEqualTo("q-1");
        assertThat(invalid.conversationId()).isEqualTo("conversation-1");
        assertThat(invalid.replyTo()).isEqualTo("parley-replies");
        assertThat(invalid.replyToSessionId()).isEqualTo("bridge-7");
        assertThat(invalid.channel()).isEqualTo(ParleyJson.readObject("{\"replica\": \"bridge-7\"}"));

        Reply reply = invalid.rejectionReply().orElseThrow();
        assertThat(reply.correlationId()).isEqualTo("q-1");
        assertThat(reply.messageId()).isEqualTo(Reply.messageIdFor("q-1"));
        assertThat(reply.sessionId()).isEqualTo("bridge-7");
        assertThat(reply.replyTo()).isEqualTo("parley-replies");
        assertThat(reply.body().status()).isEqualTo(ReplyStatus.REJECTED);
        assertThat(reply.body().error().code()).isEqualTo(ParleyProtocol.ERROR_INVALID_QUESTION);
        assertThat(reply.body().error().message()).contains("TEXT_MISSING", "body.text");
        assertThat(reply.body().channel()).isEqualTo(invalid.channel());
    }

    @Test
    void anInvalidQuestionLeavesOutPartsThatAreThemselvesInvalid() {
        QuestionReading.Invalid invalid = invalid(QuestionReader.read(Envelopes.valid()
                .messageId("m".repeat(129))
                .replyTo("r".repeat(261))
                .replyToSessionId("p".repeat(129))
                .body("{\"text\": \"Hi\", \"channel\": \"teams\"}")
                .build()));

        assertThat(invalid.messageId()).isNull();
        assertThat(invalid.replyTo()).isNull();
        assertThat(invalid.replyToSessionId()).isNull();
        assertThat(invalid.channel()).isNull();
        assertThat(invalid.conversationId()).isEqualTo("conversation-1");
    }

    @Test
    void anInvalidQuestionWithoutAMessageIdCannotBeAnswered() {
        QuestionReading.Invalid invalid = invalid(QuestionReader.read(Envelopes.valid().messageId(null).build()));

        assertThat(invalid.rejectionReply()).isEmpty();
    }

    @Test
    void anInvalidReplyAddressIsNotReplacedByTheDefaultOne() {
        QuestionReading.Invalid badQueue = invalid(QuestionReader.read(Envelopes.valid().replyTo("r".repeat(261)).build()));
        QuestionReading.Invalid badSession = invalid(QuestionReader.read(Envelopes.valid()
                .replyToSessionId("p".repeat(129)).build()));

        assertThat(badQueue.rejectionReply()).as("not the default reply queue").isEmpty();
        assertThat(badSession.rejectionReply()).as("not the conversation's session").isEmpty();
    }

    @Test
    void aRejectionGoesToTheConversationWhenNoReplySessionIsGiven() {
        QuestionReading.Invalid invalid = invalid(QuestionReader.read(Envelopes.valid()
                .replyToSessionId(null).replyTo(null).body("{}").build()));

        Reply reply = invalid.rejectionReply().orElseThrow();
        assertThat(reply.sessionId()).isEqualTo("conversation-1");
        assertThat(reply.replyTo()).as("null means the worker's default reply queue").isNull();
    }

    @Test
    void aTooLargeBodyIsNotParsedSoItsChannelIsUnknown() {
        String huge = "{\"text\": \"Hi\", \"channel\": {\"pad\": \"" + "x".repeat(QuestionLimits.BODY_MAX_BYTES) + "\"}}";

        QuestionReading.Invalid invalid = invalid(QuestionReader.read(Envelopes.withBody(huge)));

        assertThat(invalid.violations()).extracting(Violation::code).containsExactly(ViolationCode.BODY_TOO_LARGE);
        assertThat(invalid.channel()).isNull();
        assertThat(invalid.messageId()).isEqualTo("q-1");
    }

    @Test
    void theReaderNeverThrowsOnAnEmptyEnvelope() {
        QuestionReading.Invalid invalid = invalid(QuestionReader.read(QuestionEnvelope.builder().build()));

        assertThat(invalid.violations()).extracting(Violation::code).containsExactly(
                ViolationCode.MESSAGE_ID_MISSING,
                ViolationCode.SESSION_ID_MISSING,
                ViolationCode.VERSION_MISSING,
                ViolationCode.BODY_NOT_JSON);
    }

    @Test
    void theValidQuestionsChannelIsACopyTheCallerCannotChange() {
        Question question = valid(QuestionReader.read(Envelopes.valid().build()));
        JsonNode channel = question.body().channel();

        ((ObjectNode) channel).put("replica", "tampered");

        assertThat(question.body().channel().get("replica").asText()).isEqualTo("bridge-7");
    }

    static Question valid(QuestionReading reading) {
        assertThat(reading).as("reading: %s", reading).isInstanceOf(QuestionReading.Valid.class);
        return ((QuestionReading.Valid) reading).question();
    }

    static QuestionReading.Invalid invalid(QuestionReading reading) {
        assertThat(reading).isInstanceOf(QuestionReading.Invalid.class);
        return (QuestionReading.Invalid) reading;
    }
}
