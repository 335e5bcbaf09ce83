package dev.parley.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers message ids for a time window; insertion order is time order, so pruning only looks at the head. */
final class DuplicateDetector {
    private final Duration window;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DuplicateDetector(Duration window) {
        this.window = window;
    }

    /** Records the id and says whether it was already seen within the window. */
    boolean isDuplicate(String messageId, Instant now) {
        prune(now);
        if (seen.containsKey(messageId)) {
            return true;
        }
        seen.put(messageId, now);
        return false;
    }

    private void prune(Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(cutoff)) {
                return;
            }
            it.remove();
        }
    }
}
