package dev.parley.worker.conversation;

/**
 * Where conversations are remembered between questions.
 *
 * <p>The default, {@link SessionStateConversationStore}, keeps a conversation in its Service Bus
 * session's state: no extra Azure resource, and the session lock makes it exclusive to the worker
 * holding the session. Another store (Redis, Cosmos DB) can implement this interface later; it must
 * then give the same guarantees itself: one writer per conversation while the session is held (the
 * session lock still serialises callers), a {@link #save} that is durable before it returns (the
 * exactly-once flow records the answered turn before replying), {@link #save} storing only
 * {@link ContextWindow#bounded} of what it is given, and {@link #load} applying the idle expiry
 * ({@link ContextWindow#isIdle}). A stored conversation that cannot be read loads as empty with a
 * warning; it never fails the turn.
 */
public interface ConversationStore {

    /** The conversation, or {@link Conversation#empty(String)} when unknown, unreadable or idle too long. */
    Conversation load(String conversationId);

    /** Stores {@code conversation}, bounded by the store's limits. */
    void save(Conversation conversation);
}
