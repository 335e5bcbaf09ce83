package dev.parley.worker.intake;

/** The points of a turn between which a crash must still lead to exactly one reply. */
public enum TurnStep {
    MODEL_CALLED,
    STATE_SAVED,
    REPLY_SENT
}
