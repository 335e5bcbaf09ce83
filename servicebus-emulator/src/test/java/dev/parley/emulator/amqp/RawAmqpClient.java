package dev.parley.emulator.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/** A bare proton-j client over a blocking socket, for sending what the SDK never would. */
final class RawAmqpClient implements AutoCloseable {
    private final Socket socket;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    final Session session;

    RawAmqpClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param idleTimeoutMillis the idle timeout this client announces (0 = none) */
    RawAmqpClient(int port, int idleTimeoutMillis) throws IOException {
        transport.setIdleTimeout(idleTimeoutMillis);
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(50);
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        connection.setContainer("raw-test-client");
        connection.setHostname("127.0.0.1");
        connection.collect(collector);
        transport.bind(connection);
        connection.open();
        session = connection.session();
        session.open();
    }

    /** Moves bytes both ways until {@code done} holds; fails after {@code within}. */
    void pumpUntil(BooleanSupplier done, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[64 * 1024];
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + within);
            }
            int pending;
            while ((pending = transport.pending()) > 0) {
                ByteBuffer head = transport.head();
                byte[] chunk = new byte[pending];
                head.get(chunk);
                out.write(chunk);
                transport.pop(pending);
            }
            out.flush();
            try {
                int n = in.read(buf);
                if (n < 0) {
                    transport.close_tail();
                } else {
                    int offset = 0;
                    while (offset < n) {
                        ByteBuffer tail = transport.tail();
                        int take = Math.min(tail.remaining(), n - offset);
                        tail.put(buf, offset, take);
                        transport.process();
                        offset += take;
                    }
                }
            } catch (SocketTimeoutException e) {
                // nothing to read yet
            }
            while (collector.peek() != null) {
                collector.pop();
            }
        }
    }

    /** An unopened sender link to {@code address} with an empty source, as the SDK attaches its senders. */
    Sender sender(String name, String address) {
        Sender sender = session.sender(name);
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new Source());
        return sender;
    }

    /** Encodes {@code message} and sends it as one transfer; the caller settles it if it wants pre-settled. */
    static Delivery send(Sender sender, Message message) {
        byte[] buffer = new byte[64 * 1024];
        return send(sender, Arrays.copyOf(buffer, message.encode(buffer, 0, buffer.length)));
    }

    static Delivery send(Sender sender, byte[] bytes) {
        Delivery d = sender.delivery(Long.toString(System.nanoTime()).getBytes());
        sender.send(bytes, 0, bytes.length);
        sender.advance();
        return d;
    }

    /** Waits for the next complete transfer on {@code receiver} and decodes it. */
    Message receive(Receiver receiver, Duration within) throws IOException {
        pumpUntil(() -> receiver.current() != null && !receiver.current().isPartial(), within);
        Delivery d = receiver.current();
        byte[] bytes = new byte[d.pending()];
        receiver.recv(bytes, 0, bytes.length);
        receiver.advance();
        Message message = Message.Factory.create();
        message.decode(bytes, 0, bytes.length);
        return message;
    }

    long framesReceived() {
        return transport.getFramesInput();
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
