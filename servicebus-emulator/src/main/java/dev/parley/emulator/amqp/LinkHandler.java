package dev.parley.emulator.amqp;

import org.apache.qpid.proton.engine.Delivery;

/** What one attached link does with proton events. Stored as the link's context. */
interface LinkHandler {

    default void onFlow() {
    }

    default void onDelivery(Delivery delivery) {
    }

    /** The link, its session or its connection went away. Called at most once that matters; must be idempotent. */
    default void onClose() {
    }
}
