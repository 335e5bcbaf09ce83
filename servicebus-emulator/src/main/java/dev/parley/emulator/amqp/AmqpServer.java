package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.Broker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening socket and the open connections. Every method except construction runs on the loop. */
public final class AmqpServer {
    private static final Logger log = LoggerFactory.getLogger(AmqpServer.class);

    private final EmulatorContext context;
    private final Set<AmqpConnection> connections = new LinkedHashSet<>();
    private final Set<AmqpConnection> dirty = new LinkedHashSet<>();
    private ServerSocketChannel listener;

    public AmqpServer(Broker broker, EventLoop loop) {
        this.context = new EmulatorContext(broker, loop, new MessageCodec());
    }

    EventLoop loop() {
        return context.loop();
    }

    /** Binds and starts accepting; returns the bound port. */
    public int listen(String host, int port) {
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(host, port));
            listener.configureBlocking(false);
            listener.register(context.loop().selector(), SelectionKey.OP_ACCEPT, (EventLoop.Handler) this::accept);
            int bound = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            log.info("Service Bus emulator listening on {}:{}", host, bound);
            return bound;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    private void accept(SelectionKey key) {
        try {
            SocketChannel channel;
            while ((channel = listener.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.add(new AmqpConnection(this, channel, context));
            }
        } catch (IOException e) {
            log.warn("accept failed: {}", e.toString());
        }
    }

    /** Closes the listener and every connection (abruptly). */
    public void stop() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException e) {
                log.debug("listener close failed: {}", e.toString());
            }
            listener = null;
            // the selector only releases the port after its next select
            try {
                context.loop().selector().selectNow();
            } catch (IOException e) {
                log.debug("selectNow failed: {}", e.toString());
            }
        }
        dropAllConnections();
    }

    public void dropAllConnections() {
        List<AmqpConnection> all = new ArrayList<>(connections);
        all.forEach(AmqpConnection::close);
        log.info("dropped {} connection(s)", all.size());
    }

    public int connectionCount() {
        return connections.size();
    }

    void markDirty(AmqpConnection c) {
        dirty.add(c);
    }

    void closed(AmqpConnection c) {
        connections.remove(c);
        dirty.remove(c);
    }

    /** Writes what links of other connections produced this round (e.g. a send delivered to another client). */
    public void flushDirty() {
        while (!dirty.isEmpty()) {
            List<AmqpConnection> batch = new ArrayList<>(dirty);
            dirty.clear();
            batch.forEach(AmqpConnection::flush);
        }
    }
}
