package dev.parley.emulator.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.emulator.EmulatorConfig;
import dev.parley.emulator.QueueOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Microsoft's emulator {@code Config.json}: {@code UserConfig.Namespaces[].Queues[]} with {@code Name} and
 * {@code Properties}. Topics are not emulated and are skipped with a warning.
 */
public final class MicrosoftConfigReader {
    private static final Logger log = LoggerFactory.getLogger(MicrosoftConfigReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MicrosoftConfigReader() {
    }

    public static EmulatorConfig read(InputStream json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(origin + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode namespaces = root == null ? null : root.path("UserConfig").path("Namespaces");
        if (namespaces == null || !namespaces.isArray() || namespaces.isEmpty()) {
            throw new IllegalArgumentException(origin + ": UserConfig.Namespaces must be a non-empty array");
        }
        String namespace = namespaces.get(0).path("Name").asText("sbemulatorns");
        List<QueueOptions> queues = new ArrayList<>();
        for (JsonNode ns : namespaces) {
            for (JsonNode q : ns.path("Queues")) {
                queues.add(queue(q, origin));
            }
            if (ns.path("Topics").size() > 0) {
                log.warn("{}: topics are not emulated; skipped {} topic(s)", origin, ns.path("Topics").size());
            }
        }
        return new EmulatorConfig(namespace, queues);
    }

    private static QueueOptions queue(JsonNode q, String origin) {
        String name = q.path("Name").asText(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(origin + ": a queue has no Name");
        }
        String where = origin + ": queue " + name;
        JsonNode p = q.path("Properties");
        QueueOptions.Builder b = QueueOptions.builder(name);
        if (p.has("RequiresSession")) {
            b.requiresSession(bool(p, "RequiresSession", where));
        }
        if (p.has("LockDuration")) {
            b.lockDuration(duration(p, "LockDuration", where));
        }
        if (p.has("MaxDeliveryCount")) {
            JsonNode n = p.get("MaxDeliveryCount");
            if (!n.canConvertToInt()) {
                throw new IllegalArgumentException(where + ": MaxDeliveryCount must be an integer, was " + n);
            }
            b.maxDeliveryCount(n.asInt());
        }
        if (p.has("DefaultMessageTimeToLive")) {
            b.defaultMessageTimeToLive(duration(p, "DefaultMessageTimeToLive", where));
        }
        if (p.has("DeadLetteringOnMessageExpiration")) {
            b.deadLetteringOnMessageExpiration(bool(p, "DeadLetteringOnMessageExpiration", where));
        }
        if (p.has("RequiresDuplicateDetection")) {
            b.requiresDuplicateDetection(bool(p, "RequiresDuplicateDetection", where));
        }
        if (p.has("DuplicateDetectionHistoryTimeWindow")) {
            b.duplicateDetectionHistoryTimeWindow(duration(p, "DuplicateDetectionHistoryTimeWindow", where));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(JsonNode p, String field, String where) {
        JsonNode n = p.get(field);
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual() && ("true".equalsIgnoreCase(n.asText()) || "false".equalsIgnoreCase(n.asText()))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw new IllegalArgumentException(where + ": " + field + " must be true or false, was " + n);
    }

    private static Duration duration(JsonNode p, String field, String where) {
        String text = p.get(field).asText();
        try {
            return IsoDurations.parse(text);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + field + " must be an ISO-8601 duration such as PT30S,"
                    + " was '" + text + "'", e);
        }
    }
}
