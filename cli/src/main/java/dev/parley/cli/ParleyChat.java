package dev.parley.cli;

import dev.parley.contract.ReplyBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Terminal chat: every line is a question in one conversation; {@code /reset} and {@code /quit}. */
public final class ParleyChat {

    private ParleyChat() {}

    public static void main(String[] args) throws IOException {
        ChatOptions options;
        try {
            options = ChatOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("parley chat: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        try (ChatClient chat = ChatClient.connect(options);
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("Parley chat, conversation " + chat.conversationId() + ". /reset starts afresh, /quit ends.");
            for (String line = prompt(out, in); line != null; line = prompt(out, in)) {
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (text.equals("/quit")) {
                    break;
                }
                print(out, text.equals("/reset") ? chat.reset() : chat.ask(text));
            }
        }
    }

    private static String prompt(PrintStream out, BufferedReader in) throws IOException {
        out.print("you> ");
        out.flush();
        return in.readLine();
    }

    static void print(PrintStream out, Optional<ReplyBody> reply) {
        if (reply.isEmpty()) {
            out.println("parley> (no reply in time; is a worker running?)");
            return;
        }
        ReplyBody body = reply.get();
        switch (body.status()) {
            case ANSWERED -> out.println("parley> " + body.text());
            case REJECTED, FAILED ->
                    out.println("parley [" + body.status().name().toLowerCase() + "]> "
                            + (body.error() != null ? body.error().message() : body.text()));
        }
    }
}
