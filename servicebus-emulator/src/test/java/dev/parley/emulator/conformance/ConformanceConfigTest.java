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

    @Test
    void staysWithinMicrosoftsEmulatorLimits() {
        assertThat(queueNames()).hasSizeLessThanOrEqualTo(50);
        for (JsonNode queue : namespace.path("Queues")) {
            JsonNode properties = queue.path("Properties");
            assertThat(properties.path("MaxDeliveryCount").asInt()).as("MaxDeliveryCount of %s", queue.path("Name"))
                .isBetween(1, 10);
            assertThat(Duration.parse(properties.path("LockDuration").asText()))
                .as("LockDuration of %s", queue.path("Name"))
                .isBetween(Duration.ofSeconds(5), Duration.ofMinutes(5));
            assertThat(Duration.parse(properties.path("DefaultMessageTimeToLive").asText()))
                .as("DefaultMessageTimeToLive of %s", queue.path("Name"))
                .isLessThanOrEqualTo(Duration.ofHours(1));
        }
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
