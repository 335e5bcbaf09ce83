package dev.parley.worker.identity;

import dev.parley.fakes.entra.FakeEntra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A local Entra with the environment the AKS workload-identity webhook injects, and the process
 * credential built from it exactly as the worker builds it (real {@code WorkloadIdentityCredential}).
 */
public final class WorkloadIdentityFixture implements AutoCloseable {

    public final FakeEntra entra;
    public final Path tokenFile;

    public WorkloadIdentityFixture(Path dir, Duration tokenLifetime) {
        entra = FakeEntra.builder().tokenLifetime(tokenLifetime).build().start();
        tokenFile = entra.writeFederatedTokenFile(dir.resolve("azure-identity-token"));
    }

    /** {@code AZURE_CLIENT_ID}, {@code AZURE_TENANT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE}, {@code AZURE_AUTHORITY_HOST}. */
    public Map<String, String> webhookEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_CLIENT_ID", entra.clientId());
        env.put("AZURE_TENANT_ID", entra.tenantId());
        env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        env.put("AZURE_AUTHORITY_HOST", entra.authorityHost());
        return env;
    }

    public static IdentityProperties properties(boolean disableInstanceDiscovery, Set<CredentialKind> exclude) {
        return new IdentityProperties(exclude, null, null, null, disableInstanceDiscovery, null, true,
                IdentityProperties.COGNITIVE_SERVICES_SCOPE, Duration.ofSeconds(20));
    }

    /** The worker's chain with only workload identity available (no IMDS or az on a test machine). */
    public CredentialChain credential() {
        return new CredentialChainBuilder()
                .properties(properties(true, Set.of(CredentialKind.MANAGED, CredentialKind.CLI)))
                .environment(webhookEnvironment()::get)
                .build();
    }

    @Override
    public void close() {
        entra.close();
    }
}
