package dev.parley.worker.intake;

import dev.parley.worker.conversation.ConversationStore;
import dev.parley.worker.conversation.SessionStateAccess;

/** Opens the store of one held conversation; session state by default, so the session lock makes it exclusive. */
@FunctionalInterface
public interface ConversationStoreFactory {

    ConversationStore forSession(SessionStateAccess sessionState);
}
