package dev.parley.worker.answering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SeedAliasesTest {

    static final Map<String, Object> SEED_ENVIRONMENT = Map.of(
            "OPENAI_API_BASE", "https://seed.openai.azure.com/",
            "DEPLOYMENT_NAME", "gpt-35-turbo",
            "TEMPERATURE", "0.9",
            "OPENAI_API_VERSION", "2024-06-01");

    /** An environment whose process variables are {@code variables}, with {@code application.yml} defaults below. */
    static StandardEnvironment environment(Map<String, Object> variables, Map<String, Object> applicationYml) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        env.getPropertySources().addLast(new MapPropertySource("application.yml", applicationYml));
        new SeedAliases().postProcessEnvironment(env, null);
        return env;
    }

    static AnsweringProperties bind(StandardEnvironment env) {
        return Binder.get(env).bindOrCreate("parley.answering", AnsweringProperties.class);
    }

    @Test
    void theSeedsVariablesConfigureTheModel() {
        AnsweringProperties p = bind(environment(SEED_ENVIRONMENT, Map.of()));

        assertThat(p.normalizedEndpoint()).isEqualTo("https://seed.openai.azure.com");
        assertThat(p.deployment()).isEqualTo("gpt-35-turbo");
        assertThat(p.temperature()).isEqualTo(0.9);
        assertThat(p.apiVersion()).isEqualTo("2024-06-01");
        assertThat(p.isApiVersionSupported()).isTrue();
    }

    @Test
    void anExplicitParleyVariableWinsOverTheSeedName() {
        Map<String, Object> variables = new java.util.HashMap<>(SEED_ENVIRONMENT);
        variables.put("PARLEY_ANSWERING_DEPLOYMENT", "gpt-4o");

        assertThat(bind(environment(variables, Map.of())).deployment()).isEqualTo("gpt-4o");
    }

    @Test
    void theSeedNameWinsOverApplicationDefaults() {
        AnsweringProperties p = bind(environment(SEED_ENVIRONMENT, Map.of("parley.answering.deployment", "from-yml")));

        assertThat(p.deployment()).isEqualTo("gpt-35-turbo");
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class NothingElse {
    }

    @Test
    void springBootAppliesTheAliasesAtStartup() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, SEED_ENVIRONMENT));
        org.springframework.boot.SpringApplication app = new org.springframework.boot.SpringApplication(NothingElse.class);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        app.setEnvironment(env);

        try (var context = app.run()) {
            assertThat(context.getEnvironment().getProperty("parley.answering.deployment")).isEqualTo("gpt-35-turbo");
        }
    }

    @Test
    void withoutSeedVariablesNothingIsAdded() {
        StandardEnvironment env = environment(Map.of(), Map.of("parley.answering.deployment", "from-yml"));

        assertThat(env.getPropertySources().contains(SeedAliases.SOURCE_NAME)).isFalse();
        assertThat(bind(env).deployment()).isEqualTo("from-yml");
    }
}
