package dev.parley.worker.intake;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import dev.parley.contract.Command;
import dev.parley.contract.ParleyProtocol;
import dev.parley.contract.Question;
import dev.parley.contract.QuestionEnvelope;
import dev.parley.contract.QuestionReader;
import dev.parley.contract.QuestionReading;
import dev.parley.contract.Reply;
import dev.parley.contract.ReplyBody;
import dev.parley.contract.Usage;
import dev.parley.worker.answering.Answer;
import dev.parley.worker.answering.AnswerRequest;
import dev.parley.worker.answering.Answerer;
import dev.parley.worker.conversation.ContextWindow;
import dev.parley.worker.conversation.Conversation;
import dev.parley.worker.conversation.ConversationStore;
import dev.parley.worker.conversation.Turn;
import dev.parley.worker.reply.ReplyPublisher;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question, start to settle, such that it leads to exactly one reply: the answered message id
 * is stored in the conversation before the reply is sent, a redelivered question that is already
 * answered gets its stored answer re-sent under the same reply id, and the reply send and the
 * question's settlement share a transaction where the broker allows.
 */
public final class QuestionTurn {

    static final String INVALID_QUESTION = ParleyProtocol.DEAD_LETTER_INVALID_QUESTION;
    static final String MODEL_UNAVAILABLE = ParleyProtocol.DEAD_LETTER_MODEL_UNAVAILABLE;
    static final String RESET_CONFIRMATION = "Conversation reset: earlier messages are forgotten.";
    static final String UNAVAILABLE_TEXT = "Sorry, the model is unavailable right now. Please try again in a few minutes.";
    private static final int MAX_DESCRIPTION = ParleyProtocol.DEAD_LETTER_DESCRIPTION_MAX_LENGTH;

    private static final Logger log = LoggerFactory.getLogger(QuestionTurn.class);

    private final Answerer answerer;
    private final ContextWindow window;
    private final ConversationStoreFactory stores;
    private final ReplyPublisher replies;
    private final TurnCheckpoints checkpoints;
    private final Clock clock;

    public QuestionTurn(Answerer answerer, ContextWindow window, ConversationStoreFactory stores,
            ReplyPublisher replies, TurnCheckpoints checkpoints, Clock clock) {
        this.answerer = answerer;
        this.window = window;
        this.stores = stores;
        this.replies = replies;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    /**
     * Answers, rejects or dead-letters {@code message}, and settles it.
     *
     * @param abandoned true once the worker gives up on in-flight turns; checked after the model call
     * @throws TurnAbandoned when {@code abandoned} turned true: nothing was settled
     */
    TurnOutcome handle(ServiceBusReceivedMessage message, HeldSession session, BooleanSupplier abandoned) {
        QuestionEnvelope envelope = ReceivedQuestions.envelope(message);
        return switch (QuestionReader.read(envelope)) {
            case QuestionReading.Invalid invalid -> invalid(envelope, invalid, message, session);
            case QuestionReading.Valid valid -> valid(valid.question(), message, session, abandoned);
        };
    }

    private TurnOutcome valid(Question question, ServiceBusReceivedMessage message, HeldSession session,
            BooleanSupplier abandoned) {
        if (!replies.allows(question.replyTo())) {
            return unknownReplyQueue(question, message, session);
        }
        ConversationStore store = stores.forSession(session);
        String id = question.conversationId();
        Conversation conversation = store.load(id);
        if (question.body().command() == Command.RESET) {
            // Receipts survive the reset, so a redelivered question from before it is still recognised.
            store.save(conversation.cleared());
            log.info("event=conversation-reset conversationId={} messageId={}", id, question.messageId());
            send(question, answered(question, RESET_CONFIRMATION, null, null), message, session);
            return TurnOutcome.ANSWERED;
        }
        Optional<Turn> answeredBefore = conversation.turnFor(question.messageId());
        if (answeredBefore.isPresent()) {
            log.info("event=duplicate-question conversationId={} messageId={} action=resend-stored-reply",
                    id, question.messageId());
            send(question, answered(question, answeredBefore.get().answer(), null, null), message, session);
            return TurnOutcome.DUPLICATE;
        }
        List<Turn> history = window.forPrompt(conversation, question.body().text());
        Answer answer = answerer.answer(new AnswerRequest(id, question.messageId(), history, question.body().text()));
        if (abandoned.getAsBoolean()) {
            throw new TurnAbandoned("shutdown drain timeout passed during the model call");
        }
        checkpoints.reached(TurnStep.MODEL_CALLED, id, question.messageId());
        return switch (answer) {
            case Answer.Answered a -> {
                Turn turn = new Turn(question.messageId(), question.body().text(), a.text(), clock.instant());
                store.save(conversation.withTurn(turn)); // the store bounds what it keeps
                checkpoints.reached(TurnStep.STATE_SAVED, id, question.messageId());
                send(question, answered(question, a.text(), new Usage(a.promptTokens(), a.completionTokens()),
                        a.model()), message, session);
                log.info("event=question-answered conversationId={} messageId={} turns={} promptTokens={} completionTokens={}",
                        id, question.messageId(), conversation.turns().size() + 1, a.promptTokens(), a.completionTokens());
                yield TurnOutcome.ANSWERED;
            }
            case Answer.Rejected r -> {
                send(question, ReplyBody.rejected(r.code(), r.reason(), question.body().channel()), message, session);
                log.info("event=question-rejected conversationId={} messageId={} code={}", id, question.messageId(), r.code());
                yield TurnOutcome.REJECTED;
            }
            case Answer.Unavailable u -> {
                ReplyBody failed = ReplyBody.failed(ParleyProtocol.ERROR_MODEL_UNAVAILABLE,
                        UNAVAILABLE_TEXT + " (" + u.reason() + ")", question.body().channel());
                String description = truncate("model unavailable: " + u.code() + ": " + u.reason());
                replies.publish(Reply.to(question, failed), () -> { },
                        tx -> session.deadLetter(message, MODEL_UNAVAILABLE, description, tx));
                log.warn("event=question-failed conversationId={} messageId={} deadLetterReason={} code={}",
                        id, question.messageId(), MODEL_UNAVAILABLE, u.code());
                yield TurnOutcome.FAILED;
            }
        };
    }

    /** No reply: the only address the producer gave is one the worker must not send to. */
    private TurnOutcome unknownReplyQueue(Question question, ServiceBusReceivedMessage message, HeldSession session) {
        String description = truncate("replyTo '" + question.replyTo() + "' is not a reply queue this worker sends to;"
                + " name the default reply queue, leave replyTo empty, or add it to parley.reply.allowed-queues");
        session.deadLetter(message, INVALID_QUESTION, description, null);
        log.warn("event=question-invalid conversationId={} messageId={} deadLetterReason={} replied=false violations=[REPLY_TO_NOT_ALLOWED]",
                question.conversationId(), question.messageId(), INVALID_QUESTION);
        return TurnOutcome.INVALID;
    }

    private void send(Question question, ReplyBody body, ServiceBusReceivedMessage message, HeldSession session) {
        replies.publish(Reply.to(question, body),
                () -> checkpoints.reached(TurnStep.REPLY_SENT, question.conversationId(), question.messageId()),
                tx -> session.complete(message, tx));
    }

    private static ReplyBody answered(Question question, String text, Usage usage, String model) {
        return ReplyBody.answered(text, usage, model, question.body().channel());
    }

    private TurnOutcome invalid(QuestionEnvelope envelope, QuestionReading.Invalid invalid,
            ServiceBusReceivedMessage message, HeldSession session) {
        String description = truncate(invalid.description());
        Optional<Reply> rejection = invalid.rejectionReply();
        boolean replied = rejection.isPresent() && replies.allows(rejection.get().replyTo()) && rejectAndDeadLetter(rejection.get(), description, message, session);
        if (!replied) {
            session.deadLetter(message, INVALID_QUESTION, description, null);
        }
        log.warn("event=question-invalid conversationId={} messageId={} deadLetterReason={} replied={} violations={}",
                envelope.sessionId(), envelope.messageId(), INVALID_QUESTION, replied,
                invalid.violations().stream().map(v -> v.code().name()).toList());
        return TurnOutcome.INVALID;
    }

    /** A reply address taken from bad input may itself be bad: then the question is dead-lettered without a reply. */
    private boolean rejectAndDeadLetter(Reply rejection, String description, ServiceBusReceivedMessage message,
            HeldSession session) {
        try {
            replies.publish(rejection, () -> { }, tx -> session.deadLetter(message, INVALID_QUESTION, description, tx));
            return true;
        } catch (RuntimeException e) {
            log.warn("event=rejection-not-sent conversationId={} messageId={} replyTo={} error={}",
                    rejection.sessionId(), message.getMessageId(), rejection.replyTo(), e.toString());
            return false;
        }
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
}
