package dev.parley.worker.health;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    BrokerReadiness brokerReadiness() {
        return new BrokerReadiness();
    }

    @Bean("broker")
    BrokerHealthIndicator brokerHealthIndicator(BrokerReadiness readiness) {
        return new BrokerHealthIndicator(readiness);
    }
}
