package dev.parley.worker.conversation;

import dev.parley.worker.answering.AnsweringProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ContextWindow} every conversation is bounded by. The intake builds a
 * {@link SessionStateConversationStore} per held session with it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ConversationProperties.class, AnsweringProperties.class})
public class ConversationConfiguration {

    @Bean
    ContextWindow contextWindow(ConversationProperties conversation, AnsweringProperties answering) {
        return ContextWindow.from(conversation, answering.systemPrompt());
    }
}
