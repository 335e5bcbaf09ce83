package dev.parley.worker.answering;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Accepts the seed's variable names for the model settings: {@code OPENAI_API_BASE},
 * {@code DEPLOYMENT_NAME}, {@code TEMPERATURE}, {@code OPENAI_API_VERSION}.
 *
 * <p>The aliases rank just below the environment variables, so an explicit {@code parley.answering.*}
 * (command line, system property or {@code PARLEY_ANSWERING_*} variable) wins over a seed name, and a
 * seed name wins over defaults in {@code application.yml}.
 */
public final class SeedAliases implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "parleySeedAliases";
    static final Map<String, String> ALIASES = Map.of(
            "OPENAI_API_BASE", "parley.answering.endpoint",
            "DEPLOYMENT_NAME", "parley.answering.deployment",
            "TEMPERATURE", "parley.answering.temperature",
            "OPENAI_API_VERSION", "parley.answering.api-version");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> values = new LinkedHashMap<>();
        ALIASES.forEach((seed, property) -> {
            String value = environment.getProperty(seed);
            if (value != null && !value.isBlank()) {
                values.put(property, value.strip());
            }
        });
        if (values.isEmpty()) {
            return;
        }
        MapPropertySource aliases = new MapPropertySource(SOURCE_NAME, values);
        if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, aliases);
        } else {
            environment.getPropertySources().addLast(aliases);
        }
    }
}
