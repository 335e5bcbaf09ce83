package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.spring.cloud.core.customizer.AzureServiceClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import dev.parley.worker.ServiceBusBuilders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reply senders built from Spring Cloud Azure's {@link ServiceBusClientBuilder} (namespace + shared credential). */
@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    /** Every client of the builder shares one AMQP session, so a reply send and a question settle can share a transaction. */
    @Bean
    @ConditionalOnProperty(name = "parley.reply.transactions", havingValue = "true", matchIfMissing = true)
    AzureServiceClientBuilderCustomizer<ServiceBusClientBuilder> crossEntityTransactions() {
        return ServiceBusClientBuilder::enableCrossEntityTransactions;
    }

    @Bean(destroyMethod = "close")
    ReplySenders replySenders(ObjectProvider<ServiceBusClientBuilder> builders, ReplyProperties properties) {
        ServiceBusClientBuilder builder = ServiceBusBuilders.require(builders);
        return new ReplySenders(builder, properties.defaultQueue(), properties.allowedQueues());
    }

    @Bean
    ReplyPublisher replyPublisher(ReplySenders senders, ReplyProperties properties) {
        return new ReplyPublisher(senders, properties.transactions());
    }
}
