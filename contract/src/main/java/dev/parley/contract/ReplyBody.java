package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * The JSON body of a reply.
 *
 * <p>An {@code answered} reply has {@code text}; a {@code rejected} or {@code failed} reply has {@code error}. The
 * constructor refuses anything else, so a reply that reaches the wire is always one a consumer can act on.
 *
 * @param status  how the question ended; required
 * @param text    the answer; required when answered, optional otherwise
 * @param error   why it was rejected or failed; required unless answered, absent when answered
 * @param channel the question's {@code channel}, echoed unchanged, or {@code null}
 * @param usage   tokens the model counted, or {@code null}
 * @param model   the model (deployment) that answered, or {@code null}
 */
public record ReplyBody(ReplyStatus status, String text, ReplyError error, JsonNode channel, Usage usage,
                        String model) {

    public ReplyBody {
        Objects.requireNonNull(status, "status");
        if (status == ReplyStatus.ANSWERED) {
            Objects.requireNonNull(text, "an answered reply needs text");
            if (error != null) {
                throw new IllegalArgumentException("an answered reply has no error");
            }
        } else {
            Objects.requireNonNull(error, () -> "a " + status.wireName() + " reply needs an error");
        }
        channel = Channels.copyOf(channel);
    }

    /** An answer from the model. */
    public static ReplyBody answered(String text, Usage usage, String model, JsonNode channel) {
        return new ReplyBody(ReplyStatus.ANSWERED, text, null, channel, usage, model);
    }

    /** The question will not be answered as asked, e.g. {@link ParleyProtocol#ERROR_INVALID_QUESTION}. */
    public static ReplyBody rejected(String code, String message, JsonNode channel) {
        return new ReplyBody(ReplyStatus.REJECTED, null, new ReplyError(code, message), channel, null, null);
    }

    /** Parley could not answer, e.g. {@link ParleyProtocol#ERROR_MODEL_UNAVAILABLE}. */
    public static ReplyBody failed(String code, String message, JsonNode channel) {
        return new ReplyBody(ReplyStatus.FAILED, null, new ReplyError(code, message), channel, null, null);
    }

    /** A copy of the echoed channel object (records are immutable; JsonNode is not), or {@code null}. */
    @Override
    public JsonNode channel() {
        return channel == null ? null : channel.deepCopy();
    }

    public static Builder builder(ReplyStatus status) {
        return new Builder(status);
    }

    /** A builder that starts from this body. */
    public Builder toBuilder() {
        return new Builder(status).text(text).error(error).channel(channel).usage(usage).model(model);
    }

    /** Leaves the answer text out, so that a log line never carries a whole answer. */
    @Override
    public String toString() {
        return "ReplyBody[status=" + status.wireName()
                + ", text=" + (text == null ? "none" : "<" + text.codePointCount(0, text.length()) + " chars>")
                + ", error=" + error + ", channel=" + (channel == null ? "none" : "<object>")
                + ", usage=" + usage + ", model=" + model + "]";
    }

    /** Builds a {@link ReplyBody}; see the class comment for which fields each status needs. */
    public static final class Builder {
        private final ReplyStatus status;
        private String text;
        private ReplyError error;
        private JsonNode channel;
        private Usage usage;
        private String model;

        private Builder(ReplyStatus status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder error(ReplyError error) {
            this.error = error;
            return this;
        }

        public Builder error(String code, String message) {
            return error(new ReplyError(code, message));
        }

        public Builder channel(JsonNode channel) {
            this.channel = channel;
            return this;
        }

        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        public Builder usage(int promptTokens, int completionTokens) {
            return usage(new Usage(promptTokens, completionTokens));
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public ReplyBody build() {
            return new ReplyBody(status, text, error, channel, usage, model);
        }
    }
}
