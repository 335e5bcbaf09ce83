package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The published JSON Schemas: valid draft 2020-12, in agreement with the examples, the codec and the Java limits. */
class SchemaTest {

    static final JsonNode QUESTION_SCHEMA = resource("/dev/parley/contract/question.schema.json");
    static final JsonNode REPLY_SCHEMA = resource("/dev/parley/contract/reply.schema.json");

    /** Draft 2020-12, told that our one extra keyword is an annotation (a number a schema cannot enforce). */
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialect.builder(Dialects.getDraft202012())
            .keyword(new AnnotationKeyword("x-parley-max-body-bytes"))
            .build());
    static final Schema QUESTION = REGISTRY.getSchema(QUESTION_SCHEMA);
    static final Schema REPLY = REGISTRY.getSchema(REPLY_SCHEMA);

    /** The codes a question body alone can cause; the schema covers exactly these. */
    static final Set<ViolationCode> BODY_SHAPE_CODES = EnumSet.of(ViolationCode.BODY_NOT_OBJECT,
            ViolationCode.TEXT_MISSING, ViolationCode.TEXT_BLANK, ViolationCode.TEXT_TOO_LONG,
            ViolationCode.FIELD_INVALID, ViolationCode.USER_INVALID, ViolationCode.CHANNEL_NOT_OBJECT,
            ViolationCode.COMMAND_UNKNOWN);

    static JsonNode resource(String path) {
        try (InputStream in = SchemaTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return ParleyJson.readObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }

    static JsonNode example(String name) {
        return resource("/dev/parley/contract/examples/" + name);
    }

    static JsonNode tree(byte[] json) {
        return ParleyJson.readObject(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void bothSchemasDeclareDraft2020_12() {
        assertThat(QUESTION_SCHEMA.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(REPLY_SCHEMA.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void theQuestionExampleKeepsTheSchemaAndTheReader() {
        JsonNode question = example("question.json");

        assertThat(QUESTION.validate(question)).isEmpty();
        QuestionBody body = ParleyJson.readQuestion(question.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(body.text()).isEqualTo("How many vacation days do I have left this year?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"answered-reply.json", "rejected-reply.json"})
    void theReplyExamplesKeepTheSchemaAndTheCodec(String name) {
        JsonNode reply = example(name);

        assertThat(REPLY.validate(reply)).isEmpty();
        ReplyBody body = ParleyJson.readReply(reply.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(tree(ParleyJson.write(body))).as("the codec writes the example back unchanged").isEqualTo(reply);
    }

    @Test
    void theRepliesInTheExamplesEchoTheQuestionsChannel() {
        JsonNode channel = example("question.json").get("channel");

        assertThat(example("answered-reply.json").get("channel")).isEqualTo(channel);
        assertThat(example("rejected-reply.json").get("channel")).isEqualTo(channel);
    }

    @Test
    void everyBodyTheCodecWritesKeepsTheSchema() {
        ObjectNode channel = ParleyJson.readObject(ParleyJsonTest.AWKWARD_CHANNEL);

        assertThat(QUESTION.validate(tree(ParleyJson.write(QuestionBody.builder().text("Hi").build())))).isEmpty();
        assertThat(QUESTION.validate(tree(ParleyJson.write(QuestionBody.builder().text("Hi").user("u", "Ada")
                .channel(channel).command(Command.RESET).build())))).isEmpty();
        for (ReplyBody body : List.of(
                ReplyBody.answered("a", new Usage(1, 2), "gpt-4o", channel),
                ReplyBody.answered("a", null, null, null),
                ReplyBody.rejected(ParleyProtocol.ERROR_CONTENT_FILTERED, "filtered", channel),
                ReplyBody.failed(ParleyProtocol.ERROR_INTERNAL, "boom", null))) {
            assertThat(REPLY.validate(tree(ParleyJson.write(body)))).as(body.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"text\": \"Hi\", \"user\": null, \"channel\": null, \"command\": null}",
            "{\"text\": \"Hi\", \"future\": [1], \"user\": {\"id\": \"u\", \"locale\": \"en\"}}",
            "{\"text\": \"Hi\", \"user\": {\"id\": null, \"displayName\": null}}"})
    void theQuestionSchemaAcceptsWhatTheReaderAccepts(String json) {
        assertThat(QUESTION.validate(ParleyJson.readObject(json))).isEmpty();
        assertThat(ParleyJson.readQuestion(json.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void theQuestionSchemaCountsTextInCodePointsAsTheReaderDoes() {
        ObjectNode body = ParleyJson.readObject("{}");

        body.put("text", "🙂".repeat(QuestionLimits.TEXT_MAX_LENGTH));
        assertThat(QUESTION.validate(body)).isEmpty();

        body.put("text", "🙂".repeat(QuestionLimits.TEXT_MAX_LENGTH + 1));
        assertThat(QUESTION.validate(body)).isNotEmpty();
    }

    static Stream<ViolationCodeTest.Case> bodyShapeCases() {
        return ViolationCodeTest.cases().filter(c -> BODY_SHAPE_CODES.contains(c.code()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodyShapeCases")
    void theQuestionSchemaRefusesWhatTheReaderRefuses(ViolationCodeTest.Case c) throws IOException {
        byte[] body = c.breaker().apply(Envelopes.valid()).build().body();
        JsonNode tree = new ObjectMapper().readTree(body);

        List<Error> errors = QUESTION.validate(tree);

        assertThat(errors).as("schema errors for %s", c.spec()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"text\": \"a\"}",
            "{\"status\": \"ok\", \"text\": \"a\"}",
            "{\"status\": \"answered\"}",
            "{\"status\": \"answered\", \"text\": \"a\", \"error\": {\"code\": \"x\", \"message\": \"m\"}}",
            "{\"status\": \"rejected\", \"text\": \"a\"}",
            "{\"status\": \"failed\", \"error\": {\"code\": \"Not-Snake\", \"message\": \"m\"}}",
            "{\"status\": \"failed\", \"error\": {\"code\": \"x\"}}",
            "{\"status\": \"answered\", \"text\": \"a\", \"channel\": \"teams\"}",
            "{\"status\": \"answered\", \"text\": \"a\", \"usage\": {\"promptTokens\": -1, \"completionTokens\": 0}}"})
    void theReplySchemaRefusesRepliesOutsideTheContract(String json) {
        assertThat(REPLY.validate(ParleyJson.readObject(json))).isNotEmpty();
    }

    @Test
    void theSchemaLimitsAreTheJavaLimits() {
        JsonNode properties = QUESTION_SCHEMA.get("properties");

        assertThat(properties.at("/text/maxLength").intValue()).isEqualTo(QuestionLimits.TEXT_MAX_LENGTH);
        assertThat(properties.at("/text/minLength").intValue()).isEqualTo(1);
        assertThat(properties.at("/user/properties/id/maxLength").intValue())
                .isEqualTo(QuestionLimits.USER_ID_MAX_LENGTH);
        assertThat(properties.at("/user/properties/displayName/maxLength").intValue())
                .isEqualTo(QuestionLimits.USER_DISPLAY_NAME_MAX_LENGTH);
        assertThat(QUESTION_SCHEMA.get("x-parley-max-body-bytes").intValue()).isEqualTo(QuestionLimits.BODY_MAX_BYTES);
        assertThat(textValues(QUESTION_SCHEMA.get("required"))).containsExactly("text");
    }

    @Test
    void theSchemaEnumsAreTheJavaEnums() {
        assertThat(textValues(QUESTION_SCHEMA.at("/properties/command/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Command.values()).map(Command::wireName).toList());
        assertThat(textValues(REPLY_SCHEMA.at("/properties/status/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ReplyStatus.values()).map(ReplyStatus::wireName)
                        .toList());
    }

    @Test
    void everyErrorCodeInTheProtocolFitsTheSchemasPattern() throws IllegalAccessException {
        String pattern = REPLY_SCHEMA.at("/properties/error/properties/code/pattern").asText();
        List<String> codes = errorCodes();

        assertThat(codes).contains("invalid_question", "model_unavailable", "content_filtered", "internal_error");
        assertThat(codes).allMatch(code -> code.matches(pattern));
        assertThat(REPLY_SCHEMA.at("/properties/error/properties/code/description").asText()).contains(codes);
    }

    static List<String> errorCodes() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field field : ParleyProtocol.class.getFields()) {
            if (field.getName().startsWith("ERROR_") && Modifier.isStatic(field.getModifiers())) {
                codes.add((String) field.get(null));
            }
        }
        return codes;
    }

    static List<String> textValues(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).filter(JsonNode::isTextual).map(JsonNode::asText)
                .toList();
    }
}
