package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** The one rule for a {@code channel} value: absent or a JSON object, held as a private copy. */
final class Channels {

    private Channels() {
    }

    /** {@code null} for an absent or JSON-null channel, else a deep copy; anything but an object is refused. */
    static JsonNode copyOf(JsonNode channel) {
        if (channel == null || channel.isNull() || channel.isMissingNode()) {
            return null;
        }
        if (!channel.isObject()) {
            throw new IllegalArgumentException("channel must be a JSON object, not " + channel.getNodeType());
        }
        // JsonNode is mutable: copy so that a record stays the value it was built with.
        return channel.deepCopy();
    }
}
