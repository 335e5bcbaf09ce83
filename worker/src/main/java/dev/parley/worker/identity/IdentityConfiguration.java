package dev.parley.worker.identity;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The process's one credential, bean {@value #CREDENTIAL_BEAN}. Spring Cloud Azure uses it for Service Bus
 * through {@code spring.cloud.azure.credential.token-credential-bean-name=parleyTokenCredential}; the
 * answerer uses it for Azure OpenAI. One instance means one token cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityConfiguration {

    public static final String CREDENTIAL_BEAN = "parleyTokenCredential";

    @Bean(CREDENTIAL_BEAN)
    CredentialChain parleyTokenCredential(IdentityProperties properties, Environment environment) {
        return new CredentialChainBuilder().properties(properties).environment(environment::getProperty).build();
    }

    @Bean
    @ConditionalOnProperty(name = "parley.identity.startup-check", havingValue = "true", matchIfMissing = true)
    IdentityStartupCheck identityStartupCheck(@Qualifier(CREDENTIAL_BEAN) CredentialChain credential,
                                              IdentityProperties properties) {
        return new IdentityStartupCheck(credential, properties.startupCheckScope(), properties.startupCheckTimeout());
    }
}
