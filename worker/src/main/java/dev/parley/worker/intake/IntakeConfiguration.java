package dev.parley.worker.intake;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import dev.parley.worker.answering.Answerer;
import dev.parley.worker.conversation.ContextWindow;
import dev.parley.worker.conversation.SessionStateConversationStore;
import dev.parley.worker.health.BrokerReadiness;
import dev.parley.worker.reply.ReplyPublisher;
import dev.parley.worker.reply.ReplySenders;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import dev.parley.worker.ServiceBusBuilders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The session receiver (from Spring Cloud Azure's builder: namespace + shared credential), the turn and the slots. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    /** Peek-lock, no prefetch (a held conversation takes one message at a time), the session lock renewed while a turn runs. */
    @Bean(destroyMethod = "close")
    ServiceBusSessionReceiverClient questionSessions(ObjectProvider<ServiceBusClientBuilder> builders, IntakeProperties properties) {
        ServiceBusClientBuilder builder = ServiceBusBuilders.require(builders);
        synchronized (builder) {
            return builder.sessionReceiver()
                    .queueName(properties.questionQueue())
                    .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete()
                    .prefetchCount(0)
                    .maxAutoLockRenewDuration(properties.maxLockRenewal())
                    .buildClient();
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ConversationStoreFactory sessionStateConversations(ContextWindow window, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        return state -> new SessionStateConversationStore(state, window, time);
    }

    @Bean
    QuestionMetrics questionMetrics(MeterRegistry registry) {
        return new QuestionMetrics(registry);
    }

    @Bean
    QuestionTurn questionTurn(Answerer answerer, ContextWindow window, ConversationStoreFactory stores,
            ReplyPublisher replies, ObjectProvider<TurnCheckpoints> checkpoints, ObjectProvider<Clock> clock) {
        return new QuestionTurn(answerer, window, stores, replies,
                checkpoints.getIfAvailable(() -> TurnCheckpoints.NONE), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ConversationSlots conversationSlots(IntakeProperties properties, ServiceBusSessionReceiverClient sessions,
            QuestionTurn turn, QuestionMetrics metrics, ReplySenders replySenders, BrokerReadiness readiness) {
        return new ConversationSlots(properties, new SessionAcceptor(sessions), turn, metrics, replySenders, readiness);
    }
}
