package dev.parley.contract;

/** Test envelopes: one that keeps every rule, from which each test breaks exactly what it is about. */
final class Envelopes {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private Envelopes() {
    }

    static QuestionEnvelope.Builder valid() {
        return QuestionEnvelope.builder()
                .messageId("q-1")
                .sessionId("conversation-1")
                .replyTo("parley-replies")
                .replyToSessionId("bridge-7")
                .contentType("application/json")
                .applicationProperty("parley-version", "1")
                .applicationProperty("traceparent", TRACEPARENT)
                .body("""
                        {"text": "What is Parley?",
                         "user": {"id": "u-1", "displayName": "Ada"},
                         "channel": {"replica": "bridge-7", "thread": {"id": 42}}}""");
    }

    /** A valid question body padded with an unknown field to exactly {@code size} bytes. */
    static String validJsonOfBytes(int size) {
        String prefix = "{\"text\": \"Hi\", \"pad\": \"";
        return prefix + "x".repeat(size - prefix.length() - 2) + "\"}";
    }

    /** A valid envelope whose body is {@code json}. */
    static QuestionEnvelope withBody(String json) {
        return valid().body(json).build();
    }
}
