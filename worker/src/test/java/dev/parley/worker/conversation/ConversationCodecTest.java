package dev.parley.worker.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationCodecTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123Z");
    final ConversationCodec codec = new ConversationCodec();

    @Test
    void roundTripsTurnsReceiptsAndActivity() {
        Conversation c = new Conversation("conv-1",
                List.of(new Turn("m2", "Wie spät? \"quoted\" \n ünïcode 🎉", "a2", T0)), T0,
                List.of(new Receipt("m1", "a1", T0.minusSeconds(60))));

        assertThat(codec.decode("conv-1", codec.encode(c))).isEqualTo(c);
    }

    @Test
    void anEmptyConversationRoundTrips() {
        assertThat(codec.decode("conv-1", codec.encode(Conversation.empty("conv-1"))))
                .isEqualTo(Conversation.empty("conv-1"));
    }

    @Test
    void theFormatIsCompactAndVersioned() {
        Conversation c = Conversation.empty("conv-1").withTurn(new Turn("m1", "q", "a", T0));

        assertThat(new String(codec.encode(c), StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"at\":" + T0.toEpochMilli() + ",\"t\":[[\"m1\",\"q\",\"a\"," + T0.toEpochMilli() + "]]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"t\":[]}",
            "{\"v\":2,\"t\":[]}",
            "{\"v\":\"1\",\"t\":[]}",
            "{\"v\":1,\"t\":{}}",
            "{\"v\":1,\"t\":[[\"m1\",\"q\"]]}",
            "{\"v\":1,\"t\":[[\"m1\",\"q\",\"a\",\"yesterday\"]]}",
            "{\"v\":1,\"at\":\"x\",\"t\":[]}",
            "{\"v\":1,\"r\":[[1,2,3]]}"})
    void unreadableStateIsReportedNotGuessed(String state) {
        assertThatThrownBy(() -> codec.decode("conv-1", state.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ConversationCodec.UnreadableStateException.class);
    }
}
