package dev.parley.worker.reply;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One sender per allowed reply queue (so a bounded set), opened on first use and closed with the worker. */
public final class ReplySenders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplySenders.class);

    private final ServiceBusClientBuilder builder;
    private final String defaultQueue;
    private final Set<String> allowedQueues;
    private final Map<String, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();

    public ReplySenders(ServiceBusClientBuilder builder, String defaultQueue, Set<String> allowedQueues) {
        this.builder = builder;
        this.defaultQueue = defaultQueue;
        this.allowedQueues = Set.copyOf(allowedQueues);
    }

    /** Whether a question may name {@code queue} as its reply queue: blank (the default), the default, or listed. */
    public boolean allows(String queue) {
        return canonical(queue).isPresent();
    }

    /** The sender for {@code queue}, or for the default reply queue when {@code queue} is blank. */
    public ServiceBusSenderClient forQueue(String queue) {
        String name = canonical(queue).orElseThrow(() -> new IllegalArgumentException(
                "reply queue '" + queue + "' is not allowed (parley.reply.allowed-queues)"));
        return senders.computeIfAbsent(name, this::open);
    }

    /** The configured spelling: queue names are case-insensitive, and one sender serves every spelling. */
    private Optional<String> canonical(String queue) {
        if (queue == null || queue.isBlank() || queue.equalsIgnoreCase(defaultQueue)) {
            return Optional.of(defaultQueue);
        }
        return allowedQueues.stream().filter(queue::equalsIgnoreCase).findFirst();
    }

    public String defaultQueue() {
        return defaultQueue;
    }

    /** Opens the default reply queue's link and waits for the broker to grant it; throws when it cannot. */
    public void connect() {
        // A batch needs the link's negotiated max message size, so creating one waits for an active link.
        forQueue(defaultQueue).createMessageBatch();
    }

    private ServiceBusSenderClient open(String queue) {
        synchronized (builder) { // the shared builder is mutable; build one client at a time
            log.info("event=reply-sender-open queue={}", queue);
            return builder.sender().queueName(queue).buildClient();
        }
    }

    @Override
    public void close() {
        senders.values().forEach(sender -> {
            try {
                sender.close();
            } catch (RuntimeException e) {
                log.warn("event=reply-sender-close-failed queue={} error={}", sender.getEntityPath(), e.toString());
            }
        });
        senders.clear();
    }
}
