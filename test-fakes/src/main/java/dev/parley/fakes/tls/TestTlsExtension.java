package dev.parley.fakes.tls;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(TestTlsExtension.class)}: makes sure the JVM's default trust includes the test CA
 * before the test class runs. Redundant when {@link TestTlsSessionListener} is active (it is, by service
 * registration, whenever this module is on the test class path), but states the dependency in the test.
 */
public final class TestTlsExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        TestTls.installAsDefaultTrust();
    }
}
