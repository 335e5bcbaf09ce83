package dev.parley.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.worker.reply.ReplyProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class IntakePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({IntakeProperties.class, ReplyProperties.class})
    static class Properties {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @Test
    void defaultsNeedNothingSet() {
        runner.run(context -> {
            IntakeProperties intake = context.getBean(IntakeProperties.class);
            assertThat(intake.questionQueue()).isEqualTo("parley-questions");
            assertThat(intake.maxConcurrentConversations()).isEqualTo(8);
            assertThat(intake.drainTimeout()).isEqualTo(Duration.ofSeconds(25));
            assertThat(intake.backoff().max()).isEqualTo(Duration.ofSeconds(5));
            assertThat(context.getBean(ReplyProperties.class).defaultQueue()).isEqualTo("parley-replies");
        });
    }

    @Test
    void aBadValueFailsStartupNamingWhatToSet() {
        runner.withPropertyValues("parley.intake.max-concurrent-conversations=0",
                        "parley.intake.backoff.min=10s", "parley.intake.backoff.max=1s",
                        "parley.intake.session-idle-timeout=0s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    String message = rootMessages(context.getStartupFailure());
                    assertThat(message)
                            .contains("PARLEY_INTAKE_MAX_CONCURRENT_CONVERSATIONS")
                            .contains("PARLEY_INTAKE_BACKOFF_MIN")
                            .contains("PARLEY_INTAKE_SESSION_IDLE_TIMEOUT");
                });
        runner.withPropertyValues("parley.reply.default-queue= ")
                .run(context -> assertThat(rootMessages(context.getStartupFailure()))
                        .contains("PARLEY_REPLY_DEFAULT_QUEUE"));
    }

    private static String rootMessages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
