package dev.parley.fakes.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.parley.fakes.tls.TestTls;

/**
 * A plain JDK HTTPS client that trusts only the test CA, for talking to the fakes' wire protocol directly.
 * Timeouts are only safety nets (a loaded machine can take seconds per batch of handshakes).
 */
public final class Https {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .sslContext(TestTls.clientContext())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(90))
            .build();

    private Https() {
    }

    public static HttpResponse<String> post(String url, String contentType, String body, String... headers)
            throws Exception {
        return CLIENT.send(request(url, contentType, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    public static CompletableFuture<HttpResponse<String>> postAsync(String url, String contentType, String body,
            String... headers) {
        return CLIENT.sendAsync(request(url, contentType, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, String contentType, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }
}
