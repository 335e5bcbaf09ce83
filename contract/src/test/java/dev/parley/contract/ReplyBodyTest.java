package dev.parley.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ReplyBodyTest {

    static final ObjectNode CHANNEL = ParleyJson.readObject("{\"replica\": \"b-1\"}");

    @Test
    void answeredCarriesTheTextUsageModelAndChannel() {
        ReplyBody body = ReplyBody.answered("42", new Usage(100, 2), "gpt-4o", CHANNEL);

        assertThat(body.status()).isEqualTo(ReplyStatus.ANSWERED);
        assertThat(body.text()).isEqualTo("42");
        assertThat(body.error()).isNull();
        assertThat(body.usage()).isEqualTo(new Usage(100, 2));
        assertThat(body.usage().totalTokens()).isEqualTo(102);
        assertThat(body.model()).isEqualTo("gpt-4o");
        assertThat(body.channel()).isEqualTo(CHANNEL);
    }

    @Test
    void rejectedCarriesTheErrorAndChannel() {
        ReplyBody body = ReplyBody.rejected(ParleyProtocol.ERROR_CONTENT_FILTERED, "The filter refused it.", CHANNEL);

        assertThat(body.status()).isEqualTo(ReplyStatus.REJECTED);
        assertThat(body.error()).isEqualTo(new ReplyError("content_filtered", "The filter refused it."));
        assertThat(body.text()).isNull();
        assertThat(body.channel()).isEqualTo(CHANNEL);
    }

    @Test
    void failedCarriesTheErrorAndChannel() {
        ReplyBody body = ReplyBody.failed(ParleyProtocol.ERROR_MODEL_UNAVAILABLE, "Try again later.", null);

        assertThat(body.status()).isEqualTo(ReplyStatus.FAILED);
        assertThat(body.error().code()).isEqualTo("model_unavailable");
        assertThat(body.channel()).isNull();
    }

    @Test
    void theBuilderMakesWhatTheFactoriesMake() {
        assertThat(ReplyBody.builder(ReplyStatus.ANSWERED).text("42").usage(100, 2).model("gpt-4o").channel(CHANNEL)
                .build()).isEqualTo(ReplyBody.answered("42", new Usage(100, 2), "gpt-4o", CHANNEL));
        assertThat(ReplyBody.builder(ReplyStatus.FAILED).error("internal_error", "Oops").build())
                .isEqualTo(ReplyBody.failed("internal_error", "Oops", null));
        ReplyBody failed = ReplyBody.failed("internal_error", "Oops", CHANNEL);
        assertThat(failed.toBuilder().build()).isEqualTo(failed);
    }

    @Test
    void anAnsweredReplyNeedsTextAndHasNoError() {
        assertThatNullPointerException().isThrownBy(() -> ReplyBody.builder(ReplyStatus.ANSWERED).build())
                .withMessageContaining("text");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplyBody.builder(ReplyStatus.ANSWERED).text("42")
                .error("internal_error", "Oops").build());
    }

    @Test
    void aRejectedOrFailedReplyNeedsAnError() {
        assertThatNullPointerException().isThrownBy(() -> ReplyBody.builder(ReplyStatus.REJECTED).text("No").build())
                .withMessageContaining("rejected reply needs an error");
        assertThatNullPointerException().isThrownBy(() -> ReplyBody.builder(ReplyStatus.FAILED).build())
                .withMessageContaining("failed reply needs an error");
    }

    @Test
    void theChannelMustBeAnObject() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplyBody.answered("42", null, null,
                JsonNodeFactory.instance.textNode("teams")));
    }

    @Test
    void tokenCountsCannotBeNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Usage(-1, 0));
    }

    @Test
    void aChangeToTheGivenOrReturnedChannelDoesNotChangeTheBody() {
        ObjectNode given = CHANNEL.deepCopy();
        ReplyBody body = ReplyBody.answered("42", null, null, given);

        given.put("replica", "changed");
        ((ObjectNode) body.channel()).put("replica", "changed too");

        assertThat(body.channel()).isEqualTo(CHANNEL);
    }

    @Test
    void toStringLeavesTheAnswerOut() {
        ReplyBody body = ReplyBody.answered("The secret salary table is ...", null, "gpt-4o", null);

        assertThat(body.toString()).doesNotContain("secret").contains("text=<30 chars>");
        assertThat(QuestionBody.builder().text("my private question").build().toString())
                .doesNotContain("private").contains("text=<19 chars>");
    }
}
