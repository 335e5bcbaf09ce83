package dev.parley.worker.answering;

/**
 * Answers one question in the context of its conversation.
 *
 * <p>Blocking: called on the thread of the conversation slot that holds the session. Never throws for
 * a failure of the model or the network: those come back as {@link Answer.Unavailable} or
 * {@link Answer.Rejected}. An exception means a programming error.
 */
public interface Answerer {

    Answer answer(AnswerRequest request);
}
