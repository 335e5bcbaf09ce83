package dev.parley.worker.answering;

import com.azure.core.credential.TokenCredential;
import dev.parley.worker.identity.IdentityConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link Answerer} for {@code parley.answering.mode}: Azure OpenAI, or offline for the local run. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnsweringProperties.class)
public class AnsweringConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AnsweringConfiguration.class);

    @Bean
    Answerer answerer(AnsweringProperties properties,
                      @Qualifier(IdentityConfiguration.CREDENTIAL_BEAN) ObjectProvider<TokenCredential> credential,
                      ObjectProvider<MeterRegistry> registry) {
        return switch (properties.mode()) {
            case OFFLINE -> {
                log.info("answering: offline (no model; deterministic answers for the local run)");
                yield new OfflineAnswerer();
            }
            case AZURE_OPENAI -> {
                log.info("answering: Azure OpenAI at {} deployment {} api-version {}, throttle budget {} s",
                        properties.normalizedEndpoint(), properties.deployment(), properties.apiVersion(),
                        properties.throttleBudget().toSeconds());
                yield AzureOpenAiAnswerer.create(properties, credential.getObject(), registry.getIfAvailable());
            }
        };
    }
}
