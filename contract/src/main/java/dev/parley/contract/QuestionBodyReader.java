package dev.parley.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.parley.contract.QuestionLimits.BODY_MAX_BYTES;
import static dev.parley.contract.QuestionLimits.TEXT_MAX_LENGTH;
import static dev.parley.contract.QuestionLimits.USER_DISPLAY_NAME_MAX_LENGTH;
import static dev.parley.contract.QuestionLimits.USER_ID_MAX_LENGTH;

/** The body rules of a question, shared by {@link QuestionReader} and {@link ParleyJson#readQuestion(byte[])}. */
final class QuestionBodyReader {

    /**
     * What the body held.
     *
     * @param body       the body, or {@code null} if there is any violation
     * @param channel    the channel object if the body was readable enough to find one, else {@code null}
     * @param violations every body violation, in field order
     */
    record Result(QuestionBody body, JsonNode channel, List<Violation> violations) {
    }

    private QuestionBodyReader() {
    }

    static Result read(byte[] raw) {
        byte[] bytes = raw == null ? new byte[0] : raw;
        if (bytes.length > BODY_MAX_BYTES) {
            return failed(new Violation(ViolationCode.BODY_TOO_LARGE, "body", String.format(
                    "body is %,d bytes; the limit is %,d bytes", bytes.length, BODY_MAX_BYTES)));
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return failed(notJson("body is not valid UTF-8; it must be a UTF-8 JSON object"));
        }
        if (json.startsWith("\uFEFF")) {
            json = json.substring(1); // RFC 8259 lets a reader ignore a byte order mark
        }
        JsonNode root;
        try {
            root = ParleyJson.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return failed(notJson("body is not valid JSON" + where + " (" + ParleyJson.reason(e)
                    + "); it must be one JSON object"));
        }
        if (root == null || root.isMissingNode()) {
            return failed(notJson("body is empty; it must be a JSON object"));
        }
        if (!root.isObject()) {
            return failed(new Violation(ViolationCode.BODY_NOT_OBJECT, "body",
                    "body is a JSON " + typeName(root) + "; it must be a JSON object"));
        }

        List<Violation> violations = new ArrayList<>();
        String text = readText(root.get("text"), violations);
        User user = readUser(root.get("user"), violations);
        JsonNode channel = readChannel(root.get("channel"), violations);
        Command command = readCommand(root.get("command"), violations);
        QuestionBody body = violations.isEmpty() ? new QuestionBody(text, user, channel, command) : null;
        return new Result(body, channel, List.copyOf(violations));
    }

    private static String readText(JsonNode node, List<Violation> violations) {
        if (absent(node)) {
            violations.add(new Violation(ViolationCode.TEXT_MISSING, "body.text", String.format(
                    "body.text is missing; it is required: a string of 1 to %,d characters", TEXT_MAX_LENGTH)));
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(ViolationCode.FIELD_INVALID, "body.text",
                    "body.text is a JSON " + typeName(node) + "; it must be a string"));
            return null;
        }
        String text = node.textValue();
        if (text.isBlank()) {
            violations.add(new Violation(ViolationCode.TEXT_BLANK, "body.text",
                    "body.text is blank; it must contain a non-whitespace character"));
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length > TEXT_MAX_LENGTH) {
            violations.add(new Violation(ViolationCode.TEXT_TOO_LONG, "body.text", String.format(
                    "body.text is %,d characters long; the limit is %,d characters", length, TEXT_MAX_LENGTH)));
            return null;
        }
        return text;
    }

    private static User readUser(JsonNode node, List<Violation> violations) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            violations.add(new Violation(ViolationCode.USER_INVALID, "body.user",
                    "body.user is a JSON " + typeName(node) + "; it must be an object with optional string fields"
                            + " id and displayName"));
            return null;
        }
        int before = violations.size();
        String id = readUserString(node.get("id"), "body.user.id", USER_ID_MAX_LENGTH, violations);
        String displayName = readUserString(node.get("displayName"), "body.user.displayName",
                USER_DISPLAY_NAME_MAX_LENGTH, violations);
        return violations.size() == before ? new User(id, displayName) : null;
    }

    private static String readUserString(JsonNode node, String field, int maxLength, List<Violation> violations) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(ViolationCode.USER_INVALID, field,
                    field + " is a JSON " + typeName(node) + "; it must be a string"));
            return null;
        }
        String value = node.textValue();
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            violations.add(new Violation(ViolationCode.USER_INVALID, field, String.format(
                    "%s is %,d characters long; the limit is %,d characters", field, length, maxLength)));
            return null;
        }
        return value;
    }

    private static JsonNode readChannel(JsonNode node, List<Violation> violations) {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            violations.add(new Violation(ViolationCode.CHANNEL_NOT_OBJECT, "body.channel",
                    "body.channel is a JSON " + typeName(node) + "; it must be a JSON object"));
            return null;
        }
        return node;
    }

    private static Command readCommand(JsonNode node, List<Violation> violations) {
        if (absent(node)) {
            return null;
        }
        var command = node.isTextual() ? Command.fromWireName(node.textValue()) : Optional.<Command>empty();
        if (command.isEmpty()) {
            String known = Arrays.stream(Command.values()).map(Command::wireName)
                    .collect(Collectors.joining(", "));
            String got = node.isTextual() ? Printable.quote(node.textValue()) : "a JSON " + typeName(node);
            violations.add(new Violation(ViolationCode.COMMAND_UNKNOWN, "body.command",
                    "body.command is " + got + "; it must be one of: " + known));
            return null;
        }
        return command.get();
    }

    /** Absent and JSON null mean the same: the field was not given. */
    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String typeName(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Violation notJson(String message) {
        return new Violation(ViolationCode.BODY_NOT_JSON, "body", message);
    }

    private static Result failed(Violation violation) {
        return new Result(null, null, List.of(violation));
    }
}
