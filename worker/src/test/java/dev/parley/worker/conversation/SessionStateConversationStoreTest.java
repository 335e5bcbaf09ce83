package dev.parley.worker.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionStateConversationStoreTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    /** The session's state slot, as the intake adapts it from the receiver. */
    static final class MemoryState implements SessionStateAccess {
        final AtomicReference<byte[]> bytes = new AtomicReference<>();
        int writes;

        @Override
        public byte[] get() {
            return bytes.get();
        }

        @Override
        public void set(byte[] state) {
            writes++;
            bytes.set(state);
        }
    }

    final MemoryState state = new MemoryState();
    final ContextWindow window = new ContextWindow(TokenCounter.forEncoding("o200k_base"), "system", 2000, 8 * 1024, 16,
            Duration.ofHours(24), new ConversationCodec());

    SessionStateConversationStore store(Instant now) {
        return new SessionStateConversationStore(state, window, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSessionWithoutStateLoadsAnEmptyConversation() {
        assertThat(store(T0).load("conv-1")).isEqualTo(Conversation.empty("conv-1"));
        state.set(new byte[0]);
        assertThat(store(T0).load("conv-1")).isEqualTo(Conversation.empty("conv-1"));
    }

    @Test
    void whatIsSavedLoadsBackInTheSameSession() {
        Conversation c = Conversation.empty("conv-1").withTurn(new Turn("m1", "q1", "a1", T0));

        store(T0).save(c);

        assertThat(store(T0.plusSeconds(30)).load("conv-1")).isEqualTo(c);
    }

    @Test
    void corruptStateStartsFreshInsteadOfFailingTheTurn() {
        state.set("{\"v\":1,\"t\":[[".getBytes(StandardCharsets.UTF_8));

        assertThat(store(T0).load("conv-1")).isEqualTo(Conversation.empty("conv-1"));
    }

    @Test
    void stateOfAnUnknownFormatVersionStartsFresh() {
        state.set("{\"v\":99,\"history\":[]}".getBytes(StandardCharsets.UTF_8));

        assertThat(store(T0).load("conv-1")).isEqualTo(Conversation.empty("conv-1"));
    }

    @Test
    void aConversationIdlePastMaxIdleLoadsEmpty() {
        store(T0).save(Conversation.empty("conv-1").withTurn(new Turn("m1", "q1", "a1", T0)));

        assertThat(store(T0.plus(Duration.ofHours(23))).load("conv-1").turns()).hasSize(1);
        assertThat(store(T0.plus(Duration.ofHours(25))).load("conv-1")).isEqualTo(Conversation.empty("conv-1"));
    }

    @Test
    void resetStoresAnEmptyConversation() {
        store(T0).save(Conversation.empty("conv-1").withTurn(new Turn("m1", "q1", "a1", T0)));

        store(T0).save(Conversation.empty("conv-1"));

        assertThat(store(T0).load("conv-1").turns()).isEmpty();
        assertThat(store(T0).load("conv-1").hasAnswered("m1")).isFalse();
    }

    @Test
    void savingBoundsWhatIsStored() {
        Conversation c = Conversation.empty("conv-1");
        for (int i = 1; i <= 50; i++) {
            c = c.withTurn(new Turn("m" + i, "question " + "x".repeat(300), "answer " + "y".repeat(300), T0.plusSeconds(i)));
        }

        store(T0).save(c);

        assertThat(state.get().length).isLessThanOrEqualTo(8 * 1024);
        Conversation loaded = store(T0.plusSeconds(60)).load("conv-1");
        assertThat(loaded.turns().getLast().questionMessageId()).isEqualTo("m50");
        assertThat(loaded.hasAnswered("m50")).isTrue();
        assertThat(loaded.turns().size()).isLessThan(50);
    }
}
