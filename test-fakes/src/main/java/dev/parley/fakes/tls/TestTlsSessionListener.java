package dev.parley.fakes.tls;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the test CA into the JVM's default trust when the JUnit launcher session opens, i.e. before any
 * test class is loaded and so before reactor-netty caches its default client TLS context. Registered in
 * {@code META-INF/services}, so every module that has test-fakes on its test class path gets it.
 */
public final class TestTlsSessionListener implements LauncherSessionListener {

    private static volatile boolean opened;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TestTls.installAsDefaultTrust();
        opened = true;
    }

    /** Whether a launcher session in this JVM installed the trust (i.e. the service registration works). */
    public static boolean hasRun() {
        return opened;
    }
}
