package dev.parley.emulator.conformance;

/**
 * A Service Bus broker the conformance suite runs against: Parley's embedded emulator or
 * Microsoft's emulator. The suite talks to it only through the public SDK, with this connection string.
 */
public interface ConformanceBroker extends AutoCloseable {

    /** The classpath location of the queue configuration every broker is started with. */
    String CONFIG_RESOURCE = "conformance/Config.json";

    /** A development connection string ({@code UseDevelopmentEmulator=true}) for the SDK. */
    String connectionString();

    /** The entity name of a suite queue on this broker. */
    default String queue(TestQueue queue) {
        return queue.configName();
    }

    @Override
    void close();
}
