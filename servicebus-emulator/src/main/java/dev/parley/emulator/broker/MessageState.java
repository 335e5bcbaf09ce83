package dev.parley.emulator.broker;

/** Service Bus message states, with the wire value of {@code x-opt-message-state}. */
public enum MessageState {
    ACTIVE(0), DEFERRED(1), SCHEDULED(2);

    private final int wireValue;

    MessageState(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }
}
