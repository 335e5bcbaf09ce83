package dev.parley.emulator.conformance;

import java.util.UUID;
import org.testcontainers.azure.ServiceBusEmulatorContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Microsoft's Service Bus emulator (a closed Docker image) with the SQL Server it needs, on one
 * Docker network, started with the same {@code Config.json} as the embedded emulator.
 */
final class MicrosoftEmulatorBroker implements ConformanceBroker {

    static final String EMULATOR_IMAGE = "mcr.microsoft.com/azure-messaging/servicebus-emulator:1.1.2";
    static final String SQL_SERVER_IMAGE = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private final Network network;
    private final MSSQLServerContainer sqlServer;
    private final ServiceBusEmulatorContainer emulator;

    private MicrosoftEmulatorBroker(Network network, MSSQLServerContainer sqlServer,
                                    ServiceBusEmulatorContainer emulator) {
        this.network = network;
        this.sqlServer = sqlServer;
        this.emulator = emulator;
    }

    static MicrosoftEmulatorBroker start() {
        Network network = Network.newNetwork();
        MSSQLServerContainer sqlServer = new MSSQLServerContainer(SQL_SERVER_IMAGE)
            .acceptLicense()
            // Generated per run: SQL Server wants upper, lower, digit and symbol.
            .withPassword("Sb1!" + UUID.randomUUID())
            .withNetwork(network)
            .withNetworkAliases("sqlserver");
        ServiceBusEmulatorContainer emulator = new ServiceBusEmulatorContainer(EMULATOR_IMAGE)
            .acceptLicense()
            .withConfig(MountableFile.forClasspathResource(CONFIG_RESOURCE))
            .withNetwork(network)
            .withMsSqlServerContainer(sqlServer);
        emulator.start();
        return new MicrosoftEmulatorBroker(network, sqlServer, emulator);
    }

    @Override
    public String connectionString() {
        return emulator.getConnectionString();
    }

    @Override
    public void close() {
        emulator.stop();
        sqlServer.stop();
        network.close();
    }
}
