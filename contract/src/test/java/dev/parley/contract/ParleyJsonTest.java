package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParleyJsonTest {

    /** A channel with what tends to get lost: nesting, exact numbers, unicode, escapes, nulls, key order. */
    static final String AWKWARD_CHANNEL = """
            {"zeta": 1, "alpha": {"deep": {"deeper": [1, [2, {"x": "y"}], {}, []]}},
             "price": 1.10, "tiny": 0.1000000000000000055511151231257827, "big": 123456789012345678901234567890,
             "negative": -7, "exp": 6.02e23, "flags": [true, false, null], "nothing": null,
             "name": "Zoë 🙂 日本語", "escaped": "caf\\u00e9 \\"quoted\\" \\\\ \\n line", "empty": ""}""";

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aQuestionBodyRoundTrips() {
        QuestionBody body = QuestionBody.builder()
                .text("Wie viele Urlaubstage habe ich? 🙂")
                .user("u-1", "Zoë")
                .channel(ParleyJson.readObject(AWKWARD_CHANNEL))
                .command(Command.RESET)
                .build();

        assertThat(ParleyJson.readQuestion(ParleyJson.write(body))).isEqualTo(body);
    }

    @Test
    void aReplyBodyOfEachStatusRoundTrips() {
        ObjectNode channel = ParleyJson.readObject(AWKWARD_CHANNEL);
        for (ReplyBody body : new ReplyBody[]{
                ReplyBody.answered("Twelve days.", new Usage(412, 18), "gpt-4o", channel),
                ReplyBody.answered("Twelve days.", null, null, null),
                ReplyBody.rejected(ParleyProtocol.ERROR_INVALID_QUESTION, "text is missing", channel),
                ReplyBody.failed(ParleyProtocol.ERROR_MODEL_UNAVAILABLE, "busy", null),
                ReplyBody.builder(ReplyStatus.FAILED).text("Sorry.").error("internal_error", "boom").build()}) {
            assertThat(ParleyJson.readReply(ParleyJson.write(body))).as(body.toString()).isEqualTo(body);
        }
    }

    @Test
    void enumValuesAreWrittenInLowerCase() {
        assertThat(string(ParleyJson.write(ReplyBody.answered("a", null, null, null))))
                .isEqualTo("{\"status\":\"answered\",\"text\":\"a\"}");
        assertThat(string(ParleyJson.write(QuestionBody.builder().text("q").command(Command.RESET).build())))
                .isEqualTo("{\"text\":\"q\",\"command\":\"reset\"}");
        assertThat(string(ParleyJson.write(ReplyBody.rejected("c", "m", null)))).contains("\"status\":\"rejected\"");
        assertThat(string(ParleyJson.write(ReplyBody.failed("c", "m", null)))).contains("\"status\":\"failed\"");
    }

    @Test
    void nullFieldsAreLeftOutOnWrite() {
        JsonNode written = ParleyJson.readObject(string(ParleyJson.write(ReplyBody.rejected("c", "m", null))));

        assertThat(written.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status", "error");
    }

    @Test
    void theFieldsAreNamedAsTheContractSays() {
        ReplyBody body = ReplyBody.answered("a", new Usage(1, 2), "m", ParleyJson.readObject("{}"));

        assertThat(string(ParleyJson.write(body))).isEqualTo(
                "{\"status\":\"answered\",\"text\":\"a\",\"channel\":{},"
                        + "\"usage\":{\"promptTokens\":1,\"completionTokens\":2},\"model\":\"m\"}");
    }

    @Test
    void theChannelIsEchoedUnchangedFromQuestionToReply() {
        byte[] question = utf8("{\"text\": \"Hi\", \"channel\": " + AWKWARD_CHANNEL + "}");

        JsonNode received = ParleyJson.readQuestion(question).channel();
        byte[] reply = ParleyJson.write(ReplyBody.answered("Hello", null, null, received));
        String echoed = ParleyJson.readObject(string(reply)).get("channel").toString();

        // Same tree, compared with exact numbers (1.10 is not 1.1), and the same key order.
        assertThat(ParleyJson.readObject(echoed)).isEqualTo(ParleyJson.readObject(AWKWARD_CHANNEL));
        assertThat(ParleyJson.readObject(echoed).properties()).extracting(java.util.Map.Entry::getKey)
                .startsWith("zeta", "alpha", "price");
        assertThat(echoed).contains("\"price\":1.10", "\"tiny\":0.1000000000000000055511151231257827",
                "\"big\":123456789012345678901234567890", "\"nothing\":null", "\"flags\":[true,false,null]",
                "Zoë 🙂 日本語", "café \\\"quoted\\\" \\\\ \\n line");
    }

    @Test
    void unknownQuestionFieldsAreIgnored() {
        QuestionBody body = ParleyJson.readQuestion(utf8("{\"text\": \"Hi\", \"future\": {\"a\": 1}}"));

        assertThat(body).isEqualTo(QuestionBody.builder().text("Hi").build());
    }

    @Test
    void unknownReplyFieldsAreIgnored() {
        ReplyBody body = ParleyJson.readReply(utf8("{\"status\": \"answered\", \"text\": \"a\", \"citations\": []}"));

        assertThat(body).isEqualTo(ReplyBody.answered("a", null, null, null));
    }

    @Test
    void readingAnInvalidQuestionBodyListsEveryViolation() {
        assertThatThrownBy(() -> ParleyJson.readQuestion(utf8("{\"command\": \"forget\", \"channel\": 1}")))
                .isInstanceOf(ParleyJsonException.class)
                .hasMessageContaining("TEXT_MISSING")
                .extracting(e -> ((ParleyJsonException) e).violations())
                .asList()
                .extracting(v -> ((Violation) v).code())
                .containsExactly(ViolationCode.TEXT_MISSING, ViolationCode.CHANNEL_NOT_OBJECT,
                        ViolationCode.COMMAND_UNKNOWN);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "",
            "not json",
            "[]",
            "{\"status\": \"ok\"}",
            "{\"status\": \"ANSWERED\", \"text\": \"a\"}",
            "{\"status\": \"answered\"}",
            "{\"status\": \"rejected\"}",
            "{\"text\": \"a\"}",
            "{\"status\": \"answered\", \"text\": \"a\", \"channel\": \"teams\"}",
            "{\"status\": \"answered\", \"text\": \"a\", \"usage\": {\"promptTokens\": -1}}",
            "{\"status\": \"answered\", \"text\": \"a\"} trailing",
            "{\"status\": \"answered\", \"text\": 42}",
            "{\"status\": \"answered\", \"text\": \"a\", \"usage\": {\"promptTokens\": \"12\", \"completionTokens\": 1}}",
            "{\"status\": \"answered\", \"text\": \"a\", \"usage\": {\"promptTokens\": null, \"completionTokens\": 1}}"})
    void aReplyBodyOutsideTheContractIsRefused(String json) {
        assertThatThrownBy(() -> ParleyJson.readReply(utf8(json)))
                .isInstanceOf(ParleyJsonException.class)
                .hasMessageStartingWith("invalid reply body: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void readObjectRefusesAnythingButOneObject() {
        assertThatThrownBy(() -> ParleyJson.readObject("[1]")).isInstanceOf(ParleyJsonException.class)
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> ParleyJson.readObject("{")).isInstanceOf(ParleyJsonException.class)
                .hasMessageStartingWith("not JSON: ");
    }
}
