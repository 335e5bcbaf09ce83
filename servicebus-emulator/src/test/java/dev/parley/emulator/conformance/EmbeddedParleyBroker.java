package dev.parley.emulator.conformance;

import dev.parley.emulator.EmulatorConfig;
import dev.parley.emulator.ServiceBusEmulator;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Parley's in-JVM emulator on an ephemeral port, with the suite's {@code Config.json}. */
final class EmbeddedParleyBroker implements ConformanceBroker {

    private final ServiceBusEmulator emulator;

    private EmbeddedParleyBroker(ServiceBusEmulator emulator) {
        this.emulator = emulator;
    }

    static EmbeddedParleyBroker start() {
        ServiceBusEmulator emulator = ServiceBusEmulator.builder()
            .config(EmulatorConfig.read(configPath()))
            .build()
            .start();
        return new EmbeddedParleyBroker(emulator);
    }

    private static Path configPath() {
        try {
            return Path.of(EmbeddedParleyBroker.class.getClassLoader().getResource(CONFIG_RESOURCE).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate " + CONFIG_RESOURCE, e);
        }
    }

    @Override
    public String connectionString() {
        return emulator.connectionString();
    }

    @Override
    public void close() {
        emulator.close();
    }
}
