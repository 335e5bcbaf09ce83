package dev.parley.fakes.openai;

/** Decides the answer to a chat call that nothing was {@link FakeAzureOpenAi#enqueue enqueued} for. */
@FunctionalInterface
public interface ChatResponder {

    FakeChatResponse respond(RecordedChatRequest request);

    /** Deterministic: an answer that quotes the last user message. */
    static ChatResponder echo() {
        return request -> FakeChatResponse.answer("You asked: " + request.lastUserMessage());
    }
}
