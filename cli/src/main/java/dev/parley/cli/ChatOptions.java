package dev.parley.cli;

import dev.parley.contract.ParleyProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
  * What the terminal chat connects to. Passwordless by default ({@code --namespace}, with
  * DefaultAzureCredential); a connection string is accepted for the local emulator only.
  */
public record ChatOptions(
        String connectionString,
        String namespace,
        String questionQueue,
        String replyQueue,
        String conversationId,
        String userId,
        Duration replyTimeout) {

    public ChatOptions {
        if ((connectionString == null) == (namespace == null)) {
            throw new IllegalArgumentException(
                    "give exactly one of --connection-string (PARLEY_SERVICEBUS_CONNECTION_STRING, local emulator)"
                            + " or --namespace (PARLEY_SERVICEBUS_NAMESPACE, e.g. mybus.servicebus.windows.net)");
        }
        Objects.requireNonNull(questionQueue, "questionQueue");
        Objects.requireNonNull(replyQueue, "replyQueue");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(replyTimeout, "replyTimeout");
    }

    /** Reads {@code --name value} arguments, falling back to environment variables, then defaults. */
    public static ChatOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + arg);
            }
            flags.put(arg.substring(2), args[++i]);
        }
        return new ChatOptions(
                pick(flags, "connection-string", env, "PARLEY_SERVICEBUS_CONNECTION_STRING", null),
                pick(flags, "namespace", env, "PARLEY_SERVICEBUS_NAMESPACE", null),
                pick(flags, "question-queue", env, "PARLEY_QUESTION_QUEUE", ParleyProtocol.DEFAULT_QUESTION_QUEUE),
                pick(flags, "reply-queue", env, "PARLEY_REPLY_QUEUE", ParleyProtocol.DEFAULT_REPLY_QUEUE),
                pick(flags, "conversation", env, "PARLEY_CONVERSATION_ID", "cli-" + UUID.randomUUID()),
                pick(flags, "user", env, "USER", "local-user"),
                Duration.parse(pick(flags, "reply-timeout", env, "PARLEY_REPLY_TIMEOUT", "PT60S")));
    }

    private static String pick(
            Map<String, String> flags, String flag, Map<String, String> env, String var, String fallback) {
        String value = flags.get(flag);
        if (value == null || value.isBlank()) {
            value = env.get(var);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
