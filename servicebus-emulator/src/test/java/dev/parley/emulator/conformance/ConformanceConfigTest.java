package dev.parley.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one Config.json must suit both brokers: Microsoft's schema limits, and every queue the suite names. */
class ConformanceConfigTest {

    private final JsonNode namespace = readConfig().path("UserConfig").path("Namespaces").path(0);

    @Test
    void usesTheOnlyNamespaceNameMicrosoftsEmulatorAccepts() {
        assertThat(namespace.path("Name").asText()).isEqualTo("sbemulatorns");
    }

    @Test
    void declaresEveryQueueTheSuiteUsesExactlyOnce() {
        assertThat(queueNames()).containsExactlyInAnyOrderElementsOf(
            Arrays.stream(TestQueue.values()).map(TestQueue::configName).toList());
    }

    /** The ranges in Microsoft's Config-schema.json; its emulator refuses a file outside them. */
    @Test
    void staysWithinMicrosoftsEmulatorLimits() {
        assertThat(queueNames()).hasSizeLessThanOrEqualTo(50)
            .allMatch(name -> name.matches("^[A-Za-z0-9]$|^[A-Za-z0-9][\\w./-]*[A-Za-z0-9]$"));
        for (JsonNode queue : namespace.path("Queues")) {
            String name = queue.path("Name").asText();
            JsonNode properties = queue.path("Properties");
            assertThat(properties.path("MaxDeliveryCount").asInt()).as("MaxDeliveryCount of %s", name).isBetween(1, 10);
            assertThat(duration(properties, "LockDuration")).as("LockDuration of %s", name)
                .isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
            assertThat(duration(properties, "DefaultMessageTimeToLive")).as("DefaultMessageTimeToLive of %s", name)
                .isBetween(Duration.ofMinutes(5), Duration.ofHours(1));
            assertThat(duration(properties, "DuplicateDetectionHistoryTimeWindow"))
                .as("DuplicateDetectionHistoryTimeWindow of %s", name)
                .isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
        }
    }

    private static Duration duration(JsonNode properties, String field) {
        return Duration.parse(properties.path(field).asText());
    }

    private List<String> queueNames() {
        List<String> names = new ArrayList<>();
        namespace.path("Queues").forEach(queue -> names.add(queue.path("Name").asText()));
        return names;
    }

    private static JsonNode readConfig() {
        try (InputStream in = ConformanceConfigTest.class.getClassLoader()
                .getResourceAsStream(ConformanceBroker.CONFIG_RESOURCE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + ConformanceBroker.CONFIG_RESOURCE, e);
        }
    }
}
