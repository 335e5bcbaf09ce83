package dev.parley.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way to break a question, with the one violation it must produce. */
class ViolationCodeTest {

    /**
     * @param spec     what is wrong, in words (the test's name)
     * @param breaker  breaks a valid envelope in exactly that way
     * @param code     the violation expected
     * @param field    where it must be reported
     * @param mentions what the message must say besides the field (the limit, what was found)
     */
    record Case(String spec, UnaryOperator<QuestionEnvelope.Builder> breaker, ViolationCode code, String field,
                List<String> mentions) {
        @Override
        public String toString() {
            return spec + " -> " + code;
        }
    }

    static Case when(String spec, UnaryOperator<QuestionEnvelope.Builder> breaker, ViolationCode code, String field,
                     String... mentions) {
        return new Case(spec, breaker, code, field, List.of(mentions));
    }

    static UnaryOperator<QuestionEnvelope.Builder> body(String json) {
        return e -> e.body(json);
    }

    static Stream<Case> cases() {
        return Stream.of(
                when("messageId absent", e -> e.messageId(null),
                        ViolationCode.MESSAGE_ID_MISSING, "messageId", "messageId", "required", "128"),
                when("messageId blank", e -> e.messageId("  "),
                        ViolationCode.MESSAGE_ID_MISSING, "messageId", "messageId"),
                when("messageId of 129 characters", e -> e.messageId("m".repeat(129)),
                        ViolationCode.MESSAGE_ID_TOO_LONG, "messageId", "messageId", "129", "128"),
                when("sessionId absent", e -> e.sessionId(null),
                        ViolationCode.SESSION_ID_MISSING, "sessionId", "sessionId", "required"),
                when("sessionId of 129 characters", e -> e.sessionId("s".repeat(129)),
                        ViolationCode.SESSION_ID_TOO_LONG, "sessionId", "sessionId", "129", "128"),
                when("replyTo of 261 characters", e -> e.replyTo("r".repeat(261)),
                        ViolationCode.REPLY_TO_TOO_LONG, "replyTo", "replyTo", "261", "260"),
                when("replyToSessionId of 129 characters", e -> e.replyToSessionId("p".repeat(129)),
                        ViolationCode.REPLY_TO_SESSION_ID_TOO_LONG, "replyToSessionId", "replyToSessionId", "128"),
                when("contentType text/plain", e -> e.contentType("text/plain"),
                        ViolationCode.CONTENT_TYPE_UNSUPPORTED, "contentType", "contentType", "\"text/plain\"",
                        "application/json"),
                when("contentType with a charset other than UTF-8",
                        e -> e.contentType("application/json; charset=iso-8859-1"),
                        ViolationCode.CONTENT_TYPE_UNSUPPORTED, "contentType", "iso-8859-1"),
                when("contentType that only starts like JSON", e -> e.contentType("application/jsonl"),
                        ViolationCode.CONTENT_TYPE_UNSUPPORTED, "contentType", "application/jsonl"),
                when("parley-version absent", e -> e.applicationProperty("parley-version", null),
                        ViolationCode.VERSION_MISSING, "applicationProperties.parley-version", "parley-version", "1"),
                when("parley-version \"2\"", e -> e.applicationProperty("parley-version", "2"),
                        ViolationCode.VERSION_UNSUPPORTED, "applicationProperties.parley-version", "\"2\"",
                        "supported: 1"),
                when("parley-version integer 2", e -> e.applicationProperty("parley-version", 2),
                        ViolationCode.VERSION_UNSUPPORTED, "applicationProperties.parley-version", "\"2\""),
                when("parley-version \"1.0\"", e -> e.applicationProperty("parley-version", "1.0"),
                        ViolationCode.VERSION_UNSUPPORTED, "applicationProperties.parley-version", "\"1.0\""),
                when("parley-version a boolean", e -> e.applicationProperty("parley-version", true),
                        ViolationCode.VERSION_UNSUPPORTED, "applicationProperties.parley-version", "Boolean"),
                when("traceparent not W3C", e -> e.applicationProperty("traceparent", "abc"),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent", "traceparent",
                        "\"abc\"", "00-<32"),
                when("traceparent in upper-case hex", e -> e.applicationProperty("traceparent",
                                Envelopes.TRACEPARENT.toUpperCase()),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent"),
                when("traceparent of an unknown version", e -> e.applicationProperty("traceparent",
                                "01" + Envelopes.TRACEPARENT.substring(2)),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent"),
                when("traceparent with an all-zero trace id", e -> e.applicationProperty("traceparent",
                                "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent"),
                when("traceparent with an all-zero parent id", e -> e.applicationProperty("traceparent",
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0".repeat(16) + "-01"),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent"),
                when("traceparent not a string", e -> e.applicationProperty("traceparent", 42),
                        ViolationCode.TRACEPARENT_INVALID, "applicationProperties.traceparent"),
                when("body one byte over 64 KiB", body(Envelopes.validJsonOfBytes(QuestionLimits.BODY_MAX_BYTES + 1)),
                        ViolationCode.BODY_TOO_LARGE, "body", "65,537 bytes", "65,536 bytes"),
                when("body empty", e -> e.body(new byte[0]),
                        ViolationCode.BODY_NOT_JSON, "body", "empty"),
                when("body absent", e -> e.body((byte[]) null),
                        ViolationCode.BODY_NOT_JSON, "body", "empty"),
                when("body malformed JSON", body("{\"text\": \"Hi\""),
                        ViolationCode.BODY_NOT_JSON, "body", "not valid JSON", "line 1"),
                when("body not UTF-8", e -> e.body(new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xC3, '"', '}'}),
                        ViolationCode.BODY_NOT_JSON, "body", "UTF-8"),
                when("body with a duplicate key", body("{\"text\": \"Hi\", \"text\": \"Bye\"}"),
                        ViolationCode.BODY_NOT_JSON, "body", "Duplicate field 'text'"),
                when("body with data after the object", body("{\"text\": \"Hi\"} {}"),
                        ViolationCode.BODY_NOT_JSON, "body", "not valid JSON"),
                when("body nested deeper than the parser allows", body("{\"text\": \"Hi\", \"channel\": "
                                + "[".repeat(2_000) + "]".repeat(2_000) + "}"),
                        ViolationCode.BODY_NOT_JSON, "body", "not valid JSON"),
                when("body a JSON array", body("[{\"text\": \"Hi\"}]"),
                        ViolationCode.BODY_NOT_OBJECT, "body", "array", "object"),
                when("body a JSON string", body("\"Hi\""),
                        ViolationCode.BODY_NOT_OBJECT, "body", "string"),
                when("body JSON null", body("null"),
                        ViolationCode.BODY_NOT_OBJECT, "body", "null"),
                when("text absent", body("{\"user\": {\"id\": \"u\"}}"),
                        ViolationCode.TEXT_MISSING, "body.text", "body.text", "required", "8,000"),
                when("text null", body("{\"text\": null}"),
                        ViolationCode.TEXT_MISSING, "body.text", "body.text"),
                when("text empty", body("{\"text\": \"\"}"),
                        ViolationCode.TEXT_BLANK, "body.text", "body.text", "blank"),
                when("text only whitespace", body("{\"text\": \" \\n\\t \"}"),
                        ViolationCode.TEXT_BLANK, "body.text", "body.text"),
                when("text of 8,001 characters", body("{\"text\": \"" + "t".repeat(8_001) + "\"}"),
                        ViolationCode.TEXT_TOO_LONG, "body.text", "body.text", "8,001", "8,000"),
                when("text of 8,001 emoji", body("{\"text\": \"" + "🙂".repeat(8_001) + "\"}"),
                        ViolationCode.TEXT_TOO_LONG, "body.text", "8,001", "8,000"),
                when("text a number", body("{\"text\": 42}"),
                        ViolationCode.FIELD_INVALID, "body.text", "body.text", "number", "string"),
                when("text an array", body("{\"text\": [\"Hi\"]}"),
                        ViolationCode.FIELD_INVALID, "body.text", "array"),
                when("user a string", body("{\"text\": \"Hi\", \"user\": \"ada\"}"),
                        ViolationCode.USER_INVALID, "body.user", "body.user", "object"),
                when("user.id a number", body("{\"text\": \"Hi\", \"user\": {\"id\": 7}}"),
                        ViolationCode.USER_INVALID, "body.user.id", "body.user.id", "string"),
                when("user.id of 129 characters", body("{\"text\": \"Hi\", \"user\": {\"id\": \"" + "u".repeat(129)
                                + "\"}}"),
                        ViolationCode.USER_INVALID, "body.user.id", "129", "128"),
                when("user.displayName of 257 characters", body("{\"text\": \"Hi\", \"user\": {\"displayName\": \""
                                + "d".repeat(257) + "\"}}"),
                        ViolationCode.USER_INVALID, "body.user.displayName", "body.user.displayName", "257", "256"),
                when("channel a string", body("{\"text\": \"Hi\", \"channel\": \"teams\"}"),
                        ViolationCode.CHANNEL_NOT_OBJECT, "body.channel", "body.channel", "string", "object"),
                when("channel an array", body("{\"text\": \"Hi\", \"channel\": [{\"a\": 1}]}"),
                        ViolationCode.CHANNEL_NOT_OBJECT, "body.channel", "array"),
                when("command unknown", body("{\"text\": \"Hi\", \"command\": \"forget\"}"),
                        ViolationCode.COMMAND_UNKNOWN, "body.command", "body.command", "\"forget\"", "reset"),
                when("command in the wrong case", body("{\"text\": \"Hi\", \"command\": \"RESET\"}"),
                        ViolationCode.COMMAND_UNKNOWN, "body.command", "\"RESET\""),
                when("command not a string", body("{\"text\": \"Hi\", \"command\": true}"),
                        ViolationCode.COMMAND_UNKNOWN, "body.command", "boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBrokenRuleIsReportedWithItsCodeFieldAndASentenceNamingTheLimit(Case c) {
        QuestionEnvelope envelope = c.breaker().apply(Envelopes.valid()).build();

        QuestionReading.Invalid invalid = QuestionReaderTest.invalid(QuestionReader.read(envelope));

        assertThat(invalid.violations()).hasSize(1);
        Violation violation = invalid.violations().getFirst();
        assertThat(violation.code()).isEqualTo(c.code());
        assertThat(violation.field()).isEqualTo(c.field());
        assertThat(violation.message()).as("the message names the field").contains(c.field()).doesNotContain("\n");
        c.mentions().forEach(mention -> assertThat(violation.message()).contains(mention));
    }

    @Test
    void everyCodeHasACase() {
        Set<ViolationCode> covered = cases().map(Case::code).collect(Collectors.toCollection(
                () -> EnumSet.noneOf(ViolationCode.class)));

        assertThat(covered).containsExactlyInAnyOrder(ViolationCode.values());
    }
}
