package dev.parley.worker;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import org.springframework.beans.factory.ObjectProvider;

/** Spring Cloud Azure's Service Bus builder, or a startup error that says what to set. */
public final class ServiceBusBuilders {

    private ServiceBusBuilders() {
    }

    public static ServiceBusClientBuilder require(ObjectProvider<ServiceBusClientBuilder> builder) {
        ServiceBusClientBuilder found = builder.getIfAvailable();
        if (found == null) {
            throw new IllegalStateException("No Service Bus namespace configured: set SPRING_CLOUD_AZURE_SERVICEBUS_NAMESPACE "
                    + "(spring.cloud.azure.servicebus.namespace) to the namespace's name, or run with "
                    + "SPRING_PROFILES_ACTIVE=local against the emulator");
        }
        return found;
    }
}
