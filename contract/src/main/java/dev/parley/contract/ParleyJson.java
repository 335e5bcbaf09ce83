package dev.parley.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.List;

/**
 * The one JSON codec for Parley bodies. Its {@link ObjectMapper} stays private so that nobody encodes a body with
 * different settings.
 *
 * <ul>
 *   <li>Enum values are lower case ({@code "answered"}, {@code "reset"}).</li>
 *   <li>Null fields are left out on write.</li>
 *   <li>Unknown fields are ignored on read, so that an older reader accepts a newer producer's body.</li>
 *   <li>{@code channel} is kept as a JSON tree with exact numbers ({@code 1.10} stays {@code 1.10}, big integers
 *       stay exact), so that the worker echoes what the bridge sent.</li>
 *   <li>Duplicate keys and trailing data after the object make a body malformed; scalars are not coerced (the
 *       string {@code "42"} is not a number).</li>
 * </ul>
 */
public final class ParleyJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // A reply is read as written: no "42" for 42, no null for 0.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .withCoercionConfig(LogicalType.Textual, strings -> strings
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private ParleyJson() {
    }

    /** The UTF-8 JSON of a question body. */
    public static byte[] write(QuestionBody body) {
        return writeValue(body);
    }

    /** The UTF-8 JSON of a reply body. */
    public static byte[] write(ReplyBody body) {
        return writeValue(body);
    }

    /**
     * Reads a question body and checks it against the contract's body rules (the same ones
     * {@link QuestionReader} applies).
     *
     * @throws ParleyJsonException listing every violation if the body breaks a rule
     */
    public static QuestionBody readQuestion(byte[] json) {
        QuestionBodyReader.Result result = QuestionBodyReader.read(json);
        if (!result.violations().isEmpty()) {
            throw new ParleyJsonException("invalid question body: " + Violation.describe(result.violations()),
                    result.violations(), null);
        }
        return result.body();
    }

    /**
     * Reads a reply body.
     *
     * @throws ParleyJsonException if it is not JSON, or not a reply this contract allows (e.g. an unknown status,
     *                             or {@code answered} without {@code text})
     */
    public static ReplyBody readReply(byte[] json) {
        try {
            return MAPPER.readValue(json, ReplyBody.class);
        } catch (IOException e) {
            throw new ParleyJsonException("invalid reply body: " + reason(e), List.of(), e);
        }
    }

    /**
     * Parses a JSON object with the codec's settings; handy for building a {@code channel} value.
     *
     * @throws ParleyJsonException if {@code json} is not one JSON object
     */
    public static ObjectNode readObject(String json) {
        JsonNode node;
        try {
            node = readTree(json);
        } catch (JsonProcessingException e) {
            throw new ParleyJsonException("not JSON: " + reason(e), List.of(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ParleyJsonException("not a JSON object", List.of(), null);
        }
        return (ObjectNode) node;
    }

    /** The tree of {@code json}: a MissingNode for empty input; throws for anything that is not one JSON value. */
    static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    /** Jackson's reason without its source excerpt, on one line. */
    static String reason(IOException e) {
        String reason = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return Printable.oneLine(String.valueOf(reason));
    }

    private static byte[] writeValue(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our records hold only strings, numbers, enums and trees: this is a bug, not bad input.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
