package dev.parley.worker.answering;

import java.util.Locale;

/**
 * Answers without a model or a network, deterministically: for the local run
 * ({@code parley.answering.mode=offline}). The answer quotes the question and says how many earlier
 * turns it was given, so a person trying Parley locally sees the conversation memory at work.
 */
public final class OfflineAnswerer implements Answerer {

    static final String MODEL = "offline";
    private static final int QUOTE_LIMIT = 200;

    @Override
    public Answer answer(AnswerRequest request) {
        String question = request.question().strip();
        String quoted = question.length() <= QUOTE_LIMIT ? question : question.substring(0, QUOTE_LIMIT) + "…";
        int earlier = request.history().size();
        String text = String.format(Locale.ROOT,
                "[offline answer] You asked: \"%s\". I remember %d earlier %s of this conversation.%s",
                quoted, earlier, earlier == 1 ? "turn" : "turns",
                earlier == 0 ? "" : " Your previous question was: \""
                        + abbreviate(request.history().getLast().question()) + "\".");
        return new Answer.Answered(text, words(question), words(text), MODEL);
    }

    private static String abbreviate(String text) {
        String s = text.strip();
        return s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT) + "…";
    }

    // A stand-in for token counts, so that usage in local replies is plausible and deterministic.
    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
