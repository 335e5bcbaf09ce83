package dev.parley.emulator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.emulator.EmulatorConfig;
import dev.parley.emulator.QueueOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Microsoft's emulator Config.json, read into queue options. */
class MicrosoftConfigReaderTest {

    private static EmulatorConfig read(String json) {
        return EmulatorConfig.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void readsEveryQueuePropertyTheEmulatorSupports() {
        EmulatorConfig config = read("""
                {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns", "Queues": [{
                  "Name": "q1",
                  "Properties": {
                    "RequiresSession": true, "LockDuration": "PT45S", "MaxDeliveryCount": 3,
                    "DefaultMessageTimeToLive": "PT1H", "DeadLetteringOnMessageExpiration": true,
                    "RequiresDuplicateDetection": true, "DuplicateDetectionHistoryTimeWindow": "PT20S"
                  }}], "Topics": []}], "Logging": {"Type": "File"}}}""");

        assertThat(config.namespace()).isEqualTo("sbemulatorns");
        assertThat(config.queues()).containsExactly(new QueueOptions("q1", true, Duration.ofSeconds(45), 3,
                Duration.ofHours(1), true, true, Duration.ofSeconds(20)));
    }

    @Test
    void missingPropertiesTakeServiceBusDefaults() {
        QueueOptions q = read("""
                {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns", "Queues": [{"Name": "plain"}]}]}}""")
                .queues().get(0);

        assertThat(q).isEqualTo(QueueOptions.builder("plain").build());
        assertThat(q.lockDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(q.maxDeliveryCount()).isEqualTo(10);
        assertThat(q.defaultMessageTimeToLive()).isNull();
    }

    @Test
    void theShippedConfigHoldsParleysQueues() {
        EmulatorConfig shipped = EmulatorConfig.read(Path.of("config/Config.json"));

        assertThat(shipped).isEqualTo(EmulatorConfig.defaults());
        QueueOptions questions = shipped.queues().get(0);
        assertThat(questions.name()).isEqualTo("parley-questions");
        assertThat(questions.requiresSession()).isTrue();
        assertThat(questions.lockDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(questions.maxDeliveryCount()).isEqualTo(5);
        assertThat(questions.requiresDuplicateDetection()).isTrue();
        assertThat(questions.duplicateDetectionHistoryTimeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(questions.deadLetteringOnMessageExpiration()).isTrue();
        QueueOptions replies = shipped.queues().get(1);
        assertThat(replies.name()).isEqualTo("parley-replies");
        assertThat(replies.requiresSession()).isTrue();
        assertThat(replies.requiresDuplicateDetection()).isTrue();
        assertThat(replies.maxDeliveryCount()).isEqualTo(5);
    }

    @Test
    void aBadDurationNamesTheQueueAndTheField() {
        assertThatThrownBy(() -> read("""
                {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns",
                  "Queues": [{"Name": "q1", "Properties": {"LockDuration": "30 seconds"}}]}]}}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue q1").hasMessageContaining("LockDuration").hasMessageContaining("30 seconds");
    }

    @Test
    void anOutOfRangeValueIsRefused() {
        assertThatThrownBy(() -> read("""
                {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns",
                  "Queues": [{"Name": "q1", "Properties": {"MaxDeliveryCount": 0}}]}]}}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDeliveryCount");
    }

    @Test
    void somethingThatIsNotAConfigIsRefused() {
        assertThatThrownBy(() -> read("{\"Namespaces\": []}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UserConfig.Namespaces");
        assertThatThrownBy(() -> read("not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void isoDurationsIncludingDaysAndTheServiceBusMaximum() {
        assertThat(IsoDurations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(IsoDurations.parse("P1DT2H")).isEqualTo(Duration.ofHours(26));
        assertThat(IsoDurations.parse("P10675199DT2H48M5.4775807S")).isGreaterThan(Duration.ofDays(10_000_000));
        assertThatThrownBy(() -> IsoDurations.parse("P")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IsoDurations.parse("PT")).isInstanceOf(IllegalArgumentException.class);
    }
}
