package dev.parley.worker.intake;

/** A turn stopped because the worker is shutting down past its drain timeout; the question is left for redelivery. */
final class TurnAbandoned extends RuntimeException {

    TurnAbandoned(String message) {
        super(message, null, false, false);
    }
}
