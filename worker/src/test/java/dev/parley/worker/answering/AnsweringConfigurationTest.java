package dev.parley.worker.answering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.worker.identity.IdentityConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AnsweringConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(IdentityConfiguration.class, AnsweringConfiguration.class)
            .withPropertyValues("parley.identity.startup-check=false");

    @Test
    void offlineModeNeedsNoEndpointNoDeploymentAndNoCredential() {
        context.withPropertyValues("parley.answering.mode=offline", "parley.identity.exclude=workload,managed,cli")
                .run(c -> assertThat(c).hasNotFailed().getBean(Answerer.class).isInstanceOf(OfflineAnswerer.class));
    }

    @Test
    void azureOpenAiModeBuildsTheAzureAnswererOverTheSharedCredential() {
        context.withPropertyValues("parley.answering.endpoint=https://parley-test.openai.azure.com/",
                        "parley.answering.deployment=gpt-4o")
                .run(c -> {
                    assertThat(c).hasNotFailed();
                    assertThat(c.getBean(Answerer.class)).isInstanceOf(AzureOpenAiAnswerer.class);
                    assertThat(c).hasBean(IdentityConfiguration.CREDENTIAL_BEAN);
                });
    }

    @Test
    void aMissingEndpointFailsStartupSayingWhatToSet() {
        context.withPropertyValues("parley.answering.deployment=gpt-4o")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining(
                        "set parley.answering.endpoint (or OPENAI_API_BASE) to https://<resource>.openai.azure.com"));
    }

    @Test
    void aPlainHttpEndpointIsRefused() {
        context.withPropertyValues("parley.answering.endpoint=http://parley-test.openai.azure.com", "parley.answering.deployment=gpt-4o")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("parley.answering.endpoint"));
    }

    @Test
    void aMissingDeploymentAndAnUnsupportedApiVersionAreBothReported() {
        context.withPropertyValues("parley.answering.endpoint=https://parley-test.openai.azure.com",
                        "parley.answering.api-version=2023-08-01-preview", "parley.answering.temperature=3")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set parley.answering.deployment (or DEPLOYMENT_NAME)")
                        .hasMessageContaining("set parley.answering.api-version (or OPENAI_API_VERSION)")
                        .hasMessageContaining("set parley.answering.temperature (or TEMPERATURE) between 0 and 2"));
    }

    @Test
    void defaultsAreSensible() {
        context.withPropertyValues("parley.answering.mode=offline").run(c -> {
            AnsweringProperties p = c.getBean(AnsweringProperties.class);
            assertThat(p.apiVersion()).isEqualTo("2025-01-01-preview");
            assertThat(p.throttleBudget()).hasSeconds(60);
            assertThat(p.timeout()).hasSeconds(30);
            assertThat(p.maxRetries()).isEqualTo(3);
            assertThat(p.maxTokens()).isEqualTo(800);
            assertThat(p.systemPrompt()).isNotBlank();
        });
    }
}
