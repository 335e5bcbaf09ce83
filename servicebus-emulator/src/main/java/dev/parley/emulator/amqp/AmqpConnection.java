package dev.parley.emulator.amqp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket: a proton transport, connection and collector driven by the event loop. Bad input closes this
 * connection only.
 */
final class AmqpConnection implements EventLoop.Handler {
    private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);
    private static final int SESSION_INCOMING_CAPACITY = 16 * 1024 * 1024;

    private final AmqpServer server;
    private static final boolean QUICKACK_SUPPORTED = quickAckSupported();

    private final SocketChannel channel;
    private final SelectionKey key;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final LinkRouter router;
    private final Map<String, Sender> replyLinks = new HashMap<>();
    private final String name;
    private boolean closed;
    private long tickAt;
    private long replyTag;

    AmqpConnection(AmqpServer server, SocketChannel channel, EmulatorContext context) throws ClosedChannelException {
        this.server = server;
        this.channel = channel;
        this.name = describe(channel);
        this.router = new LinkRouter(this, context);
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.setMechanisms("ANONYMOUS", "PLAIN");
        sasl.setListener(new AcceptAnySasl());
        connection.collect(collector);
        transport.bind(connection);
        this.key = channel.register(context.loop().selector(), SelectionKey.OP_READ, this);
        log.debug("connection accepted {}", name);
    }

    String name() {
        return name;
    }

    @Override
    public void onReady(SelectionKey k) {
        if (closed) {
            return;
        }
        try {
            if (k.isReadable()) {
                read();
            }
            flush();
        } catch (IOException e) {
            log.debug("connection {} I/O error: {}", name, e.toString());
            close();
        }
    }

    private void read() throws IOException {
        while (!closed) {
            int capacity = transport.capacity();
            if (capacity <= 0) {
                return;
            }
            ByteBuffer tail = transport.tail();
            int n = channel.read(tail);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                transport.close_tail();
                return;
            }
            acknowledgeNow();
            try {
                transport.process();
            } catch (TransportException e) {
                log.info("connection {} sent malformed AMQP, closing it: {}", name, e.getMessage());
                transport.close_tail();
                return;
            }
            processEvents();
        }
    }

    /**
     * Asks Linux to ACK at once instead of delaying. The SDK's socket has Nagle on (proton-j never sets
     * TCP_NODELAY), so its next small frame waits for our ACK: with delayed ACKs, request/response
     * exchanges such as settle-then-receive stall about 40 ms each. The flag is one-shot, hence per read.
     */
    private void acknowledgeNow() {
        if (QUICKACK_SUPPORTED) {
            try {
                channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException e) {
                log.debug("TCP_QUICKACK not applied: {}", e.toString());
            }
        }
    }

    /** Handles pending events and writes whatever proton wants to send. Safe to call any time on the loop. */
    void flush() {
        if (closed) {
            return;
        }
        try {
            processEvents();
            int pending;
            while ((pending = transport.pending()) > 0) {
                ByteBuffer head = transport.head();
                int n = channel.write(head);
                if (n <= 0) {
                    break;
                }
                transport.pop(n);
            }
            pending = transport.pending();
            if (pending < 0 || transport.isClosed()) {
                close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ | (pending > 0 ? SelectionKey.OP_WRITE : 0));
            scheduleTick();
        } catch (IOException | RuntimeException e) {
            log.debug("connection {} write failed: {}", name, e.toString());
            close();
        }
    }

    /**
     * Keeps the client's idle timer happy: proton sends empty frames when half its idle timeout has passed. Activity
     * only moves the deadline later, so one pending timer per connection is enough; it re-arms itself on firing.
     */
    private void scheduleTick() {
        long next = transport.tick(System.currentTimeMillis());
        if (next == 0 || (tickAt != 0 && tickAt <= next)) {
            return;
        }
        tickAt = next;
        server.loop().at(Instant.ofEpochMilli(next), () -> {
            if (!closed && tickAt == next) {
                tickAt = 0;
                flush();
            }
        });
    }

    void markDirty() {
        server.markDirty(this);
    }

    private void processEvents() {
        Event e;
        while ((e = collector.peek()) != null) {
            try {
                handle(e);
            } catch (RuntimeException ex) {
                log.warn("connection {} failed handling {}: {}", name, e.getType(), ex.toString(), ex);
            }
            collector.pop();
        }
    }

    private void handle(Event e) {
        switch (e.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                if (connection.getLocalState() == EndpointState.UNINITIALIZED) {
                    connection.setContainer("parley-servicebus-emulator");
                    connection.open();
                    log.debug("connection {} opened container={} host={}", name, connection.getRemoteContainer(),
                            connection.getRemoteHostname());
                }
            }
            case CONNECTION_REMOTE_CLOSE -> {
                closeAllLinks();
                connection.close();
            }
            case SESSION_REMOTE_OPEN -> {
                Session s = e.getSession();
                if (s.getLocalState() == EndpointState.UNINITIALIZED) {
                    s.setIncomingCapacity(SESSION_INCOMING_CAPACITY);
                    s.open();
                }
            }
            case SESSION_REMOTE_CLOSE -> {
                Session s = e.getSession();
                for (Link l = connection.linkHead(null, null); l != null; l = l.next(null, null)) {
                    if (l.getSession() == s) {
                        closeLink(l);
                    }
                }
                s.close();
                s.free();
            }
            case LINK_REMOTE_OPEN -> router.attach(e.getLink());
            case LINK_REMOTE_CLOSE, LINK_REMOTE_DETACH -> {
                closeLink(e.getLink());
                e.getLink().free(); // session receivers come and go on long-lived connections
            }
            case LINK_FLOW -> {
                if (e.getLink().getContext() instanceof LinkHandler h) {
                    h.onFlow();
                }
            }
            case DELIVERY -> {
                Delivery d = e.getDelivery();
                if (d.getLink().getContext() instanceof LinkHandler h) {
                    h.onDelivery(d);
                }
            }
            default -> {
            }
        }
    }

    private void closeLink(Link l) {
        if (l.getContext() instanceof LinkHandler h) {
            h.onClose();
        }
        replyLinks.values().remove(l);
        if (l.getLocalState() != EndpointState.CLOSED) {
            l.close();
        }
    }

    private void closeAllLinks() {
        for (Link l = connection.linkHead(null, null); l != null; l = l.next(null, null)) {
            if (l.getContext() instanceof LinkHandler h) {
                h.onClose();
            }
        }
        replyLinks.clear();
    }

    void registerReplyLink(String address, Sender sender) {
        replyLinks.put(address, sender);
    }

    /** Sends a request/response answer on the link the client attached for {@code replyTo}. */
    void reply(String replyTo, Message response, MessageCodec codec) {
        Sender link = replyTo == null ? null : replyLinks.get(replyTo);
        if (link == null || link.getLocalState() != EndpointState.ACTIVE) {
            log.info("connection {} has no reply link for '{}'; response dropped", name, replyTo);
            return;
        }
        int n = codec.encode(response);
        Delivery d = link.delivery(Long.toString(replyTag++).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        link.send(codec.buffer(), 0, n);
        link.advance();
        d.settle();
        markDirty();
    }

    /** Abrupt close: no AMQP close frame, just the TCP socket. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closeAllLinks();
        } catch (RuntimeException e) {
            log.warn("connection {} cleanup failed: {}", name, e.toString(), e);
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("connection {} close failed: {}", name, e.toString());
        }
        server.closed(this);
        log.debug("connection closed {}", name);
    }

    boolean isClosed() {
        return closed;
    }

    private static boolean quickAckSupported() {
        try (SocketChannel probe = SocketChannel.open()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Service Bus allows CBS only with ANONYMOUS; PLAIN is accepted too so generic AMQP clients can connect. */
    private static final class AcceptAnySasl implements SaslListener {
        @Override
        public void onSaslInit(Sasl sasl, Transport transport) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }

        @Override
        public void onSaslResponse(Sasl sasl, Transport transport) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }

        @Override
        public void onSaslMechanisms(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslChallenge(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslOutcome(Sasl sasl, Transport transport) {
        }
    }
}
