package dev.parley.worker.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ConversationConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ConversationConfiguration.class)
            .withPropertyValues("parley.answering.mode=offline");

    @Test
    void defaultsBoundTheConversationForTheGpt4oFamily() {
        context.run(c -> {
            assertThat(c).hasNotFailed().hasSingleBean(ContextWindow.class);
            ConversationProperties p = c.getBean(ConversationProperties.class);
            assertThat(p.encoding()).isEqualTo("o200k_base");
            assertThat(p.maxPromptTokens()).isEqualTo(8000);
            assertThat(p.maxStateSize().toKilobytes()).isEqualTo(192);
            assertThat(p.maxIdle()).hasHours(24);
            assertThat(p.rememberedReplies()).isEqualTo(16);
        });
    }

    @Test
    void anUnknownEncodingFailsStartupSayingWhatToSet() {
        context.withPropertyValues("parley.conversation.encoding=p50k_nope")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set parley.conversation.encoding to o200k_base"));
    }

    @Test
    void aStateSizeAboveWhatServiceBusAllowsIsRefused() {
        context.withPropertyValues("parley.conversation.max-state-size=200MB")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("parley.conversation.max-state-size"));
    }
}
