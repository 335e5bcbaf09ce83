package dev.parley.worker.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a conversation as compact, versioned JSON for the session state, and reads it back.
 *
 * <pre>{"v":1,"at":1767225600000,
 *  "t":[["question-message-id","question","answer",1767225600000]],
 *  "r":[["older-question-message-id","answer",1767225500000]]}</pre>
 *
 * {@code v} is the format version; {@code at} the last activity in epoch milliseconds; {@code t} the
 * turns and {@code r} the receipts, oldest first, as positional arrays to keep the state small. The
 * conversation id is not stored: the session it lives in is the conversation.
 */
public final class ConversationCodec {

    public static final int VERSION = 1;

    private final JsonMapper json = JsonMapper.builder().build();

    public byte[] encode(Conversation conversation) {
        ObjectNode root = json.createObjectNode();
        root.put("v", VERSION);
        if (conversation.lastActivity() != null) {
            root.put("at", conversation.lastActivity().toEpochMilli());
        }
        ArrayNode turns = root.putArray("t");
        for (Turn turn : conversation.turns()) {
            turns.addArray()
                    .add(turn.questionMessageId())
                    .add(turn.question())
                    .add(turn.answer())
                    .add(turn.answeredAt().toEpochMilli());
        }
        if (!conversation.receipts().isEmpty()) {
            ArrayNode receipts = root.putArray("r");
            for (Receipt receipt : conversation.receipts()) {
                receipts.addArray()
                        .add(receipt.questionMessageId())
                        .add(receipt.answer())
                        .add(receipt.answeredAt().toEpochMilli());
            }
        }
        return json.writeValueAsBytes(root);
    }

    /**
     * Reads state written by {@link #encode}.
     *
     * @throws UnreadableStateException when the bytes are not this format or a version this code does not know
     */
    public Conversation decode(String conversationId, byte[] state) {
        JsonNode root;
        try {
            root = json.readTree(state);
        } catch (JacksonException e) {
            throw new UnreadableStateException("session state is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableStateException("session state is not a JSON object", null);
        }
        JsonNode version = root.get("v");
        if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION) {
            throw new UnreadableStateException("session state has format version " + version
                    + "; this worker reads version " + VERSION, null);
        }
        try {
            Instant lastActivity = root.has("at") ? instant(root.get("at")) : null;
            List<Turn> turns = new ArrayList<>();
            for (JsonNode t : array(root, "t")) {
                turns.add(new Turn(text(t, 0), text(t, 1), text(t, 2), instant(t.get(3))));
            }
            List<Receipt> receipts = new ArrayList<>();
            for (JsonNode r : array(root, "r")) {
                receipts.add(new Receipt(text(r, 0), text(r, 1), instant(r.get(2))));
            }
            return new Conversation(conversationId, turns, lastActivity, receipts);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new UnreadableStateException("session state is malformed: " + e.getMessage(), e);
        }
    }

    private static Iterable<JsonNode> array(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is not an array");
        }
        return node;
    }

    private static String text(JsonNode entry, int index) {
        JsonNode node = entry.isArray() ? entry.get(index) : null;
        if (node == null || !node.isString()) {
            throw new IllegalArgumentException("entry " + entry + " has no text at position " + index);
        }
        return node.stringValue();
    }

    private static Instant instant(JsonNode node) {
        if (node == null || !node.isIntegralNumber()) {
            throw new IllegalArgumentException("expected epoch milliseconds, got " + node);
        }
        return Instant.ofEpochMilli(node.longValue());
    }

    /** Session state that this worker cannot read: corrupt, foreign, or a format version it does not know. */
    public static final class UnreadableStateException extends RuntimeException {
        UnreadableStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
