package dev.parley.worker.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The memory of one conversation (Service Bus session id = conversation id). Immutable.
 *
 * @param conversationId the session id
 * @param turns          prompt history, oldest first
 * @param lastActivity   when the newest turn was answered; {@code null} for a conversation that never had one
 * @param receipts       turns trimmed from the history but still answered, oldest first (bounded by
 *                       {@link ContextWindow#bounded(Conversation)}); only for recognising redeliveries
 */
public record Conversation(String conversationId, List<Turn> turns, Instant lastActivity, List<Receipt> receipts) {

    public Conversation {
        Objects.requireNonNull(conversationId, "conversationId");
        turns = List.copyOf(turns == null ? List.of() : turns);
        receipts = List.copyOf(receipts == null ? List.of() : receipts);
    }

    public Conversation(String conversationId, List<Turn> turns, Instant lastActivity) {
        this(conversationId, turns, lastActivity, List.of());
    }

    public static Conversation empty(String conversationId) {
        return new Conversation(conversationId, List.of(), null, List.of());
    }

    /** This conversation with {@code turn} appended as the newest; {@link #lastActivity()} becomes its time. */
    public Conversation withTurn(Turn turn) {
        List<Turn> next = new ArrayList<>(turns.size() + 1);
        next.addAll(turns);
        next.add(turn);
        Instant at = lastActivity == null || turn.answeredAt().isAfter(lastActivity) ? turn.answeredAt() : lastActivity;
        return new Conversation(conversationId, next, at, receipts);
    }

    /**
     * The history forgotten, the receipts kept: what {@code reset} stores when redeliveries of questions
     * answered before the reset must still be recognised. ({@code Conversation.empty(id)} forgets both.)
     */
    public Conversation cleared() {
        List<Receipt> kept = new ArrayList<>(receipts);
        turns.forEach(t -> kept.add(Receipt.of(t)));
        return new Conversation(conversationId, List.of(), lastActivity, kept);
    }

    public boolean hasAnswered(String questionMessageId) {
        return turnFor(questionMessageId).isPresent();
    }

    /**
     * The stored turn that answered {@code questionMessageId}, from the history or, once trimmed from it,
     * from the receipts (then with an empty question text).
     */
    public Optional<Turn> turnFor(String questionMessageId) {
        if (questionMessageId == null) {
            return Optional.empty();
        }
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).questionMessageId().equals(questionMessageId)) {
                return Optional.of(turns.get(i));
            }
        }
        for (int i = receipts.size() - 1; i >= 0; i--) {
            if (receipts.get(i).questionMessageId().equals(questionMessageId)) {
                return Optional.of(receipts.get(i).asTurn());
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return turns.isEmpty() && receipts.isEmpty();
    }
}
