package dev.parley.worker.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@code broker}: part of the readiness group; UP once the reply link is open, OUT_OF_SERVICE from shutdown on. */
public final class BrokerHealthIndicator implements HealthIndicator {

    private final BrokerReadiness readiness;

    public BrokerHealthIndicator(BrokerReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Health health() {
        return switch (readiness.state()) {
            case CONNECTED -> Health.up().build();
            case CONNECTING -> Health.down().withDetail("reason", "connecting to Service Bus").build();
            case STOPPING -> Health.outOfService().withDetail("reason", "shutting down").build();
        };
    }
}
