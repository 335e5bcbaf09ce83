package dev.parley.worker.conversation;

import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the conversation of one held Service Bus session in that session's state (the default store).
 *
 * <p>Built per held session by the intake. The session lock makes the holder the only writer. State
 * that cannot be read (corrupt, or a format version this worker does not know) loads as an empty
 * conversation with a WARN; a conversation idle past {@code parley.conversation.max-idle} loads as
 * empty. {@link #save} stores {@link ContextWindow#bounded} of what it is given, so state never
 * outgrows the limits.
 */
public final class SessionStateConversationStore implements ConversationStore {

    private static final Logger log = LoggerFactory.getLogger(SessionStateConversationStore.class);

    private final SessionStateAccess state;
    private final ContextWindow window;
    private final Clock clock;

    public SessionStateConversationStore(SessionStateAccess state, ContextWindow window, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Conversation load(String conversationId) {
        byte[] bytes = state.get();
        if (bytes == null || bytes.length == 0) {
            return Conversation.empty(conversationId);
        }
        Conversation stored;
        try {
            stored = window.codec().decode(conversationId, bytes);
        } catch (ConversationCodec.UnreadableStateException e) {
            log.warn("conversation={} state unreadable ({} bytes), starting fresh: {}",
                    conversationId, bytes.length, e.getMessage());
            return Conversation.empty(conversationId);
        }
        if (window.isIdle(stored, clock.instant())) {
            log.info("conversation={} idle since {}, starting fresh", conversationId, stored.lastActivity());
            return Conversation.empty(conversationId);
        }
        return stored;
    }

    @Override
    public void save(Conversation conversation) {
        state.set(window.codec().encode(window.bounded(conversation)));
    }
}
