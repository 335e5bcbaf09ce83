package dev.parley.fakes.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.parley.fakes.tls.TestTls;

/**
 * The JDK's HTTPS server on {@code 127.0.0.1} and an ephemeral port, with the {@link TestTls} certificate
 * and one virtual thread per exchange, so hundreds of slow (latency-simulating) calls never queue.
 */
public final class FakeHttpsServer implements AutoCloseable {

    private static final int BACKLOG = 1024;

    private final HttpsServer server;
    private final ExecutorService executor;

    private FakeHttpsServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds to {@code 127.0.0.1:port} (0 = ephemeral) and serves every path with {@code handler}. */
    public static FakeHttpsServer start(int port, HttpHandler handler) {
        try {
            HttpsServer server = HttpsServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.serverContext()));
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", handler);
            server.start();
            return new FakeHttpsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake HTTPS server on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "https://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
