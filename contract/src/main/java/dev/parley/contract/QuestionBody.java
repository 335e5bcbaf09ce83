package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The JSON body of a question.
 *
 * <p>The constructor checks shape only ({@code text} present, {@code channel} an object); the limits are checked by
 * {@link QuestionReader} and {@link ParleyJson#readQuestion(byte[])}, which report every violation at once.
 *
 * @param text    what the user asked; required
 * @param user    who asked, or {@code null}
 * @param channel an opaque JSON object the worker echoes back in the reply, or {@code null}
 * @param command an instruction such as {@link Command#RESET}, or {@code null}
 */
public record QuestionBody(String text, User user, JsonNode channel, Command command) {

    public QuestionBody {
        Objects.requireNonNull(text, "text");
        channel = Channels.copyOf(channel);
    }

    /** A copy of the channel object (records are immutable; JsonNode is not), or {@code null}. */
    @Override
    public JsonNode channel() {
        return channel == null ? null : channel.deepCopy();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this body. */
    public Builder toBuilder() {
        return new Builder().text(text).user(user).channel(channel).command(command);
    }

    /** Leaves the question text out, so that a log line never carries what a user asked. */
    @Override
    public String toString() {
        return "QuestionBody[text=<" + text.codePointCount(0, text.length()) + " chars>, user=" + user
                + ", channel=" + (channel == null ? "none" : "<object>") + ", command=" + command + "]";
    }

    /** Builds a {@link QuestionBody}; only {@code text} is required. */
    public static final class Builder {
        private String text;
        private User user;
        private JsonNode channel;
        private Command command;

        private Builder() {
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder user(User user) {
            this.user = user;
            return this;
        }

        public Builder user(String id, String displayName) {
            return user(new User(id, displayName));
        }

        public Builder channel(JsonNode channel) {
            this.channel = channel;
            return this;
        }

        public Builder command(Command command) {
            this.command = command;
            return this;
        }

        public QuestionBody build() {
            return new QuestionBody(text, user, channel, command);
        }
    }
}
