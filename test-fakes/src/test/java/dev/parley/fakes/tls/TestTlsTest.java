package dev.parley.fakes.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.parley.fakes.http.Exchanges;
import dev.parley.fakes.http.FakeHttpsServer;

@ExtendWith(TestTlsExtension.class)
class TestTlsTest {

    @Test
    void theJvmDefaultTrustIsInstalledBeforeTestsRunAndInstallingAgainChangesNothing() {
        assertThat(TestTlsSessionListener.hasRun()).as("launcher session listener registered").isTrue();
        assertThat(TestTls.isInstalledAsDefaultTrust()).isTrue();
        String before = System.getProperty("javax.net.ssl.trustStore");

        TestTls.installAsDefaultTrust();

        assertThat(System.getProperty("javax.net.ssl.trustStore"))
                .isEqualTo(before).isEqualTo(TestTls.trustStore().toString());
        assertThat(System.getProperty("javax.net.ssl.trustStoreType")).isEqualTo("PKCS12");
    }

    @Test
    void theTrustStoreHoldsTheTestCaAndStillTheJdkDefaultCas() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(TestTls.trustStore())) {
            store.load(in, TestTls.trustStorePassword().toCharArray());
        }
        List<String> aliases = Collections.list(store.aliases());

        assertThat(store.getCertificate("parley-test-ca")).isEqualTo(TestTls.caCertificate());
        assertThat(aliases).anyMatch(alias -> alias.startsWith("default-"));
    }

    @Test
    void theServerCertificateNamesLoopbackAndChainsToTheCa() throws Exception {
        X509Certificate ca = TestTls.caCertificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        try (FakeHttpsServer server = FakeHttpsServer.start(0, exchange -> {
            try (exchange) {
                Exchanges.sendJson(exchange, 200, "{}");
            }
        })) {
            // Both names in the certificate work with hostname verification on, through the default context.
            HttpClient client = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
            for (String host : List.of("127.0.0.1", "localhost")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://" + host + ":" + server.port() + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow()
                        .getPeerCertificates()[0];
                leaf.verify(ca.getPublicKey());
            }
        }
    }
}
