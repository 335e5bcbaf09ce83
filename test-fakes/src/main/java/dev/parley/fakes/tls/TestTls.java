package dev.parley.fakes.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One test CA and one server certificate for {@code 127.0.0.1}/{@code localhost} per JVM, made lazily.
 *
 * <p>The fakes serve with {@link #serverContext()}. Clients under test keep their production HTTP stack and
 * trust the fakes through the JVM's <em>default</em> trust: {@link #installAsDefaultTrust()} writes a PKCS12
 * trust store holding the JDK's default CAs plus the test CA and points the {@code javax.net.ssl.trustStore*}
 * system properties at it. That must happen before the first HTTPS client is created: reactor-netty (under
 * azure-core-http-netty, which MSAL and the OpenAI client use) builds its default client {@code SslContext}
 * once, in a static initialiser, from the default trust at that moment, and never looks again.
 * {@link TestTlsSessionListener} does it when the JUnit launcher starts, so tests need do nothing.
 */
public final class TestTls {

    private static final Logger LOG = LoggerFactory.getLogger(TestTls.class);
    private static final String TRUST_STORE_TYPE = "PKCS12";

    private TestTls() {
    }

    /** The test CA's certificate (public). */
    public static X509Certificate caCertificate() {
        return Material.INSTANCE.certificates.caCertificate();
    }

    /** TLS context for a fake's server socket: the {@code 127.0.0.1}/{@code localhost} certificate chain. */
    public static SSLContext serverContext() {
        return Material.INSTANCE.serverContext;
    }

    /** A client context that trusts only the test CA, for tests that talk to a fake directly. */
    public static SSLContext clientContext() {
        return Material.INSTANCE.clientContext;
    }

    /** The generated PKCS12 trust store (JDK default CAs + test CA). */
    public static Path trustStore() {
        return Material.INSTANCE.trustStore;
    }

    public static String trustStorePassword() {
        return Material.INSTANCE.trustStorePassword;
    }

    /** {@code -Djavax.net.ssl.*} options that make another JVM (a worker process under test) trust the fakes. */
    public static List<String> jvmTrustOptions() {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + trustStorePassword(),
                "-Djavax.net.ssl.trustStoreType=" + TRUST_STORE_TYPE);
    }

    /**
     * Makes this JVM's default trust trust the test CA (and still every CA it trusted before). Idempotent.
     * Call it before any HTTPS client exists; {@link TestTlsSessionListener} and {@link TestTlsExtension} do.
     */
    public static synchronized void installAsDefaultTrust() {
        Material material = Material.INSTANCE;
        if (material.installed) {
            return;
        }
        System.setProperty("javax.net.ssl.trustStore", material.trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", material.trustStorePassword);
        System.setProperty("javax.net.ssl.trustStoreType", TRUST_STORE_TYPE);
        // HttpsURLConnection and java.net.http read SSLContext.getDefault(), which is cached once made.
        SSLContext.setDefault(material.defaultClientContext);
        material.installed = true;
        LOG.info("Default trust now includes the Parley test CA: trustStore={}", material.trustStore);
    }

    /** Whether {@link #installAsDefaultTrust()} has run in this JVM. */
    public static boolean isInstalledAsDefaultTrust() {
        return Material.isCreated() && Material.INSTANCE.installed;
    }

    /** Holder idiom: generated on first use, once per JVM (class loader). */
    private static final class Material {
        private static volatile boolean created;
        static final Material INSTANCE = new Material();

        final GeneratedCertificates certificates;
        final SSLContext serverContext;
        final SSLContext clientContext;
        final SSLContext defaultClientContext;
        final Path trustStore;
        final String trustStorePassword;
        volatile boolean installed;

        private Material() {
            try {
                certificates = GeneratedCertificates.generate();
                serverContext = serverContext(certificates);
                KeyStore onlyTestCa = emptyStore();
                onlyTestCa.setCertificateEntry("parley-test-ca", certificates.caCertificate());
                clientContext = clientContext(onlyTestCa);

                KeyStore combined = defaultCasPlus(certificates.caCertificate());
                defaultClientContext = clientContext(combined);
                trustStorePassword = HexFormat.of().formatHex(randomBytes(12));
                trustStore = write(combined, trustStorePassword);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not set up test TLS", e);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write the test trust store", e);
            }
            created = true;
        }

        private static byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            new SecureRandom().nextBytes(bytes);
            return bytes;
        }

        static boolean isCreated() {
            return created;
        }

        private static SSLContext serverContext(GeneratedCertificates certs) throws GeneralSecurityException,
                IOException {
            KeyStore keys = emptyStore();
            char[] password = new char[0];
            keys.setKeyEntry("server", certs.serverKeys().getPrivate(), password,
                    new Certificate[] {certs.serverCertificate(), certs.caCertificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        }

        private static SSLContext clientContext(KeyStore trusted) throws GeneralSecurityException {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        }

        /** What the JVM trusts by default right now (cacerts, or a trust store someone configured), plus ours. */
        private static KeyStore defaultCasPlus(X509Certificate testCa) throws GeneralSecurityException,
                IOException {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            KeyStore store = emptyStore();
            int i = 0;
            for (var manager : tmf.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate issuer : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("default-" + i++, issuer);
                    }
                }
            }
            store.setCertificateEntry("parley-test-ca", testCa);
            return store;
        }

        private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
            KeyStore store = KeyStore.getInstance(TRUST_STORE_TYPE);
            store.load(null, null);
            return store;
        }

        private static Path write(KeyStore store, String password) throws GeneralSecurityException, IOException {
            Path dir = Files.createTempDirectory("parley-test-tls");
            Path file = dir.resolve("truststore.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        }
    }
}
