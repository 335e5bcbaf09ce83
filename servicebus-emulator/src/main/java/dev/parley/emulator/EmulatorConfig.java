package dev.parley.emulator;

import dev.parley.emulator.config.MicrosoftConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The queues of one namespace, usually read from a Microsoft Service Bus emulator {@code Config.json}
 * ({@code UserConfig.Namespaces[].Queues[].Properties}), so one file serves both emulators.
 */
public record EmulatorConfig(String namespace, List<QueueOptions> queues) {
    public static final String DEFAULT_RESOURCE = "/dev/parley/emulator/default-config.json";

    public EmulatorConfig {
        queues = List.copyOf(queues);
    }

    /** Reads a Config.json; a missing file or a bad setting is an IllegalArgumentException naming what is wrong. */
    public static EmulatorConfig read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return MicrosoftConfigReader.read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read emulator config " + file, e);
        }
    }

    public static EmulatorConfig read(InputStream json, String origin) {
        return MicrosoftConfigReader.read(json, origin);
    }

    /** The config bundled with the emulator: Parley's question and reply queues. */
    public static EmulatorConfig defaults() {
        try (InputStream in = EmulatorConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + DEFAULT_RESOURCE);
            }
            return MicrosoftConfigReader.read(in, DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
