package dev.parley.emulator.broker;

import dev.parley.emulator.QueueOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** All queues of one namespace, plus broker-wide switches. Confined to one thread. */
public final class Broker {
    public static final String DEAD_LETTER_SUFFIX = "/$deadletterqueue";

    private final Timers timers;
    private final Map<String, QueueEntity> entities = new LinkedHashMap<>();
    private final Transactions transactions = new Transactions();
    private Instant stalledUntil = Instant.MIN;

    public Broker(Collection<QueueOptions> queues, Timers timers) {
        this.timers = timers;
        for (QueueOptions q : queues) {
            String dlqPath = q.name() + DEAD_LETTER_SUFFIX;
            QueueEntity dlq = new QueueEntity(dlqPath, q, null, timers, this);
            QueueEntity queue = new QueueEntity(q.name(), q, dlq, timers, this);
            if (entities.putIfAbsent(key(q.name()), queue) != null) {
                throw new IllegalArgumentException("queue defined twice: " + q.name());
            }
            entities.put(key(dlqPath), dlq);
        }
    }

    /** A queue or dead-letter queue by entity path (case-insensitive, as in Service Bus). */
    public Optional<QueueEntity> entity(String path) {
        return path == null ? Optional.empty() : Optional.ofNullable(entities.get(key(path)));
    }

    public Transactions transactions() {
        return transactions;
    }

    public Timers timers() {
        return timers;
    }

    /** No message goes to any receiver until {@code duration} has passed; attaches and sends still work. */
    public void stallDeliveries(Duration duration) {
        Instant until = timers.now().plus(duration);
        stalledUntil = until;
        timers.at(until, () -> {
            if (stalledUntil.equals(until)) { // not extended by a later stall
                stalledUntil = Instant.MIN;
                entities.values().forEach(QueueEntity::dispatchAll);
            }
        });
    }

    boolean deliveriesStalled() {
        return timers.now().isBefore(stalledUntil);
    }

    private static String key(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.toLowerCase(Locale.ROOT);
    }
}
