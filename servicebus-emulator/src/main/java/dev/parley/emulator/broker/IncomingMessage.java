package dev.parley.emulator.broker;

import java.time.Duration;
import java.time.Instant;

/**
 * A message as a sender handed it over: the routing facts the broker needs, and the opaque payload it keeps.
 *
 * @param timeToLive the message's own time-to-live, or null
 * @param scheduledEnqueueTime when to make it visible, or null for now
 * @param payload the decoded AMQP message; the broker never looks inside
 */
public record IncomingMessage(String messageId, String sessionId, Duration timeToLive, Instant scheduledEnqueueTime,
                              Object payload) {
}
