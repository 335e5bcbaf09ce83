package dev.parley.fakes.openai;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A chat-completions call that passed the fake's checks (token, api-version, deployment), as received.
 *
 * @param temperature {@code null} when the request had none
 * @param maxTokens   {@code max_tokens}, else {@code max_completion_tokens}, else {@code null}
 * @param body        the whole JSON request body, for anything not lifted into a field
 */
public record RecordedChatRequest(String deployment, String apiVersion, String bearerToken,
                                  List<ChatMessage> messages, Double temperature, Integer maxTokens,
                                  Instant receivedAt, JsonNode body) {

    public RecordedChatRequest {
        messages = List.copyOf(messages);
    }

    /** Content of the last {@code user} message, or the empty string if there is none. */
    public String lastUserMessage() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    /** The contents of the messages with {@code role}, in order. */
    public List<String> contentsOf(String role) {
        return messages.stream().filter(m -> role.equals(m.role())).map(ChatMessage::content).toList();
    }
}
