package dev.parley.emulator;

import dev.parley.emulator.amqp.AmqpServer;
import dev.parley.emulator.amqp.EventLoop;
import dev.parley.emulator.broker.Broker;
import dev.parley.emulator.broker.QueueEntity;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An in-JVM Azure Service Bus emulator that the real Java SDK talks to over AMQP 1.0, with hooks for tests to
 * inject broker faults and inspect queues. All broker work runs on one thread; these methods hand work to it.
 *
 * <pre>{@code
 * try (ServiceBusEmulator emu = ServiceBusEmulator.builder().queue(QueueOptions.builder("q").build()).build().start()) {
 *     new ServiceBusClientBuilder().connectionString(emu.connectionString()) ...
 * }
 * }</pre>
 */
public final class ServiceBusEmulator implements AutoCloseable {
    /** Microsoft's published development key for its emulator; not a secret. */
    public static final String DEVELOPMENT_KEY = "SAS_KEY_VALUE";
    public static final String DEVELOPMENT_KEY_NAME = "RootManageSharedAccessKey";

    private final String host;
    private final int requestedPort;
    private final Broker broker;
    private final EventLoop loop;
    private final AmqpServer server;
    private final String namespaceName;
    private volatile int port = -1;
    private volatile boolean listening;
    private volatile boolean closed;

    private ServiceBusEmulator(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.namespaceName = b.namespaceName;
        AmqpServer[] holder = new AmqpServer[1];
        this.loop = new EventLoop("servicebus-emulator", Clock.systemUTC(), () -> holder[0].flushDirty());
        this.broker = new Broker(b.queues.values(), loop);
        this.server = new AmqpServer(broker, loop);
        holder[0] = server;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening; returns this. */
    public synchronized ServiceBusEmulator start() {
        if (closed) {
            throw new IllegalStateException("emulator is closed");
        }
        if (listening) {
            return this;
        }
        if (port < 0) {
            loop.start();
        }
        int wanted = port < 0 ? requestedPort : port;
        port = loop.call(() -> server.listen(host, wanted));
        listening = true;
        return this;
    }

    /** Closes the listener and every connection; queue contents, locks and timers are kept. */
    public synchronized void stop() {
        if (listening) {
            loop.call(() -> {
                server.stop();
                return null;
            });
            listening = false;
        }
    }

    /** Stops, then listens again on the same port with the same state. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Abruptly closes every client connection (no AMQP close frame) and keeps listening. */
    public void dropAllConnections() {
        loop.call(() -> {
            server.dropAllConnections();
            return null;
        });
    }

    /** Sends nothing to any receiver for {@code duration}; attaches, sends and management still work. */
    public void stallDeliveries(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        loop.call(() -> {
            broker.stallDeliveries(duration);
            return null;
        });
    }

    /** A view of a queue for assertions; IllegalArgumentException if the emulator has no such queue. */
    public QueueView queue(String name) {
        QueueEntity entity = loop.call(() -> broker.entity(name)).filter(e -> !e.isDeadLetterQueue())
                .orElseThrow(() -> new IllegalArgumentException("the emulator has no queue named '" + name + "'"));
        QueueEntity deadLetters = loop.call(() -> broker.entity(entity.path() + Broker.DEAD_LETTER_SUFFIX)).orElseThrow();
        return new QueueView(entity, deadLetters, loop);
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    /** The namespace as the SDK sees it: {@code host:port}. */
    public String namespace() {
        return host + ":" + port;
    }

    /** The Microsoft emulator's name for the namespace (from the config; {@code sbemulatorns} by default). */
    public String namespaceName() {
        return namespaceName;
    }

    public String connectionString() {
        return "Endpoint=sb://" + host + ":" + port + ";SharedAccessKeyName=" + DEVELOPMENT_KEY_NAME
                + ";SharedAccessKey=" + DEVELOPMENT_KEY + ";UseDevelopmentEmulator=true;";
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return loop.call(server::connectionCount);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        loop.close();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String namespaceName = "sbemulatorns";
        private final Map<String, QueueOptions> queues = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** 0 (the default) picks an ephemeral port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** Adds every queue of a config (and takes its namespace name). */
        public Builder config(EmulatorConfig config) {
            this.namespaceName = config.namespace();
            config.queues().forEach(this::queue);
            return this;
        }

        public Builder queue(QueueOptions options) {
            if (queues.putIfAbsent(options.name().toLowerCase(java.util.Locale.ROOT), options) != null) {
                throw new IllegalArgumentException("queue defined twice: " + options.name());
            }
            return this;
        }

        public ServiceBusEmulator build() {
            return new ServiceBusEmulator(this);
        }
    }
}
