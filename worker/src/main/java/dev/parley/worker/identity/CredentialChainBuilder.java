package dev.parley.worker.identity;

import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link CredentialChain}: workload identity when its environment is present, then managed
 * identity, then the Azure CLI (the seed's chain), minus exclusions.
 *
 * <p>Each value is taken from the first of: the explicit setting here ({@code parley.identity.*}),
 * Spring Cloud Azure's property, the workload-identity webhook's environment variable:
 * <ul>
 * <li>client id: {@code spring.cloud.azure.credential.client-id}, {@code AZURE_CLIENT_ID} (workload and user-assigned managed identity)</li>
 * <li>tenant id: {@code spring.cloud.azure.profile.tenant-id}, {@code AZURE_TENANT_ID} (workload identity and Azure CLI)</li>
 * <li>authority host: {@code spring.cloud.azure.profile.environment.active-directory-endpoint}, {@code AZURE_AUTHORITY_HOST}</li>
 * <li>token file: {@code AZURE_FEDERATED_TOKEN_FILE}</li>
 * </ul>
 * {@code spring.cloud.azure.credential.managed-identity-enabled=true} moves managed identity to the front.
 */
public final class CredentialChainBuilder {

    private static final Logger log = LoggerFactory.getLogger(CredentialChainBuilder.class);

    static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";
    static final String AZURE_FEDERATED_TOKEN_FILE = "AZURE_FEDERATED_TOKEN_FILE";
    static final String AZURE_AUTHORITY_HOST = "AZURE_AUTHORITY_HOST";
    static final String SCA_CLIENT_ID = "spring.cloud.azure.credential.client-id";
    static final String SCA_TENANT_ID = "spring.cloud.azure.profile.tenant-id";
    static final String SCA_AUTHORITY_HOST = "spring.cloud.azure.profile.environment.active-directory-endpoint";
    static final String SCA_MANAGED_IDENTITY_ENABLED = "spring.cloud.azure.credential.managed-identity-enabled";
    static final List<String> SCA_SECRETS = List.of("spring.cloud.azure.credential.client-secret",
            "spring.cloud.azure.credential.client-certificate-path", "spring.cloud.azure.credential.username",
            "spring.cloud.azure.credential.password");

    private Function<String, String> environment = key -> null;
    private IdentityProperties properties = new IdentityProperties(Set.of(), null, null, null, false, null, true,
            IdentityProperties.COGNITIVE_SERVICES_SCOPE, java.time.Duration.ofSeconds(30));

    /** Where Spring Cloud Azure properties and environment variables are looked up (Spring's {@code Environment::getProperty}). */
    public CredentialChainBuilder environment(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
    }

    public CredentialChainBuilder properties(IdentityProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
        return this;
    }

    public CredentialChain build() {
        String clientId = first(properties.clientId(), SCA_CLIENT_ID, AZURE_CLIENT_ID);
        String tenantId = first(properties.tenantId(), SCA_TENANT_ID, AZURE_TENANT_ID);
        String authorityHost = first(properties.authorityHost(), SCA_AUTHORITY_HOST, AZURE_AUTHORITY_HOST);
        String tokenFile = first(properties.tokenFile(), AZURE_FEDERATED_TOKEN_FILE);
        for (String secret : SCA_SECRETS) {
            if (has(environment.apply(secret))) {
                log.warn("identity: {} is set but not used: Parley is passwordless (workload identity, managed identity,"
                        + " Azure CLI)", secret);
            }
        }

        List<CredentialKind> order = new ArrayList<>(List.of(CredentialKind.WORKLOAD, CredentialKind.MANAGED, CredentialKind.CLI));
        if (Boolean.parseBoolean(environment.apply(SCA_MANAGED_IDENTITY_ENABLED))) {
            order.remove(CredentialKind.MANAGED);
            order.addFirst(CredentialKind.MANAGED);
        }
        Set<CredentialKind> excluded = properties.exclude().isEmpty()
                ? EnumSet.noneOf(CredentialKind.class) : EnumSet.copyOf(properties.exclude());

        List<CredentialChain.Link> links = new ArrayList<>();
        for (CredentialKind kind : order) {
            if (excluded.contains(kind)) {
                links.add(new CredentialChain.Link(kind, null, "excluded by parley.identity.exclude",
                        "remove " + kind.propertyValue() + " from parley.identity.exclude to use it"));
                continue;
            }
            links.add(switch (kind) {
                case WORKLOAD -> workload(clientId, tenantId, authorityHost, tokenFile);
                case MANAGED -> managed(clientId);
                case CLI -> cli(tenantId);
            });
        }
        CredentialChain chain = new CredentialChain(links);
        log.info("identity: credential chain {}{}", links.stream().map(l -> l.kind().credentialName()
                + (l.credential() == null ? " (unavailable: " + l.unavailableReason() + ")" : "")).toList(),
                has(clientId) ? ", client id " + clientId : "");
        return chain;
    }

    private CredentialChain.Link workload(String clientId, String tenantId, String authorityHost, String tokenFile) {
        String hint = "in AKS label the pod azure.workload.identity/use: \"true\" and annotate its service account with"
                + " azure.workload.identity/client-id; elsewhere set AZURE_FEDERATED_TOKEN_FILE (or parley.identity.token-file),"
                + " AZURE_CLIENT_ID and AZURE_TENANT_ID";
        List<String> missing = new ArrayList<>();
        if (!has(tokenFile)) {
            missing.add(AZURE_FEDERATED_TOKEN_FILE);
        }
        if (!has(clientId)) {
            missing.add(AZURE_CLIENT_ID);
        }
        if (!has(tenantId)) {
            missing.add(AZURE_TENANT_ID);
        }
        if (!missing.isEmpty()) {
            return new CredentialChain.Link(CredentialKind.WORKLOAD, null,
                    "workload identity environment not present (" + String.join(", ", missing) + " not set)", hint);
        }
        boolean disableInstanceDiscovery = properties.disableInstanceDiscovery();
        return new CredentialChain.Link(CredentialKind.WORKLOAD, new LazyCredential(() -> {
            WorkloadIdentityCredentialBuilder builder = new WorkloadIdentityCredentialBuilder()
                    .clientId(clientId).tenantId(tenantId).tokenFilePath(tokenFile);
            if (has(authorityHost)) {
                builder.authorityHost(authorityHost.strip());
            }
            if (disableInstanceDiscovery) {
                builder.disableInstanceDiscovery();
            }
            return builder.build();
        }), null, hint);
    }

    private CredentialChain.Link managed(String clientId) {
        return new CredentialChain.Link(CredentialKind.MANAGED, new LazyCredential(() -> {
            ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder();
            if (has(clientId)) {
                builder.clientId(clientId);
            }
            probeLikeDefaultAzureCredential(builder);
            return builder.build();
        }), null,
                "on an Azure VM, App Service or Container Apps assign a managed identity (user-assigned: set"
                        + " spring.cloud.azure.credential.client-id)", true);
    }

    /**
     * What {@code DefaultAzureCredential} does for its members: probe the IMDS endpoint with a 1 s timeout
     * and report "unavailable" off Azure, so that a laptop reaches the Azure CLI in a second, not after
     * IMDS retries. azure-identity offers this only through an implementation helper (1.18.x); if that
     * ever fails, the chain still moves on ({@link CredentialChain.Link#anyFailurePasses()}), only slower.
     */
    private static void probeLikeDefaultAzureCredential(ManagedIdentityCredentialBuilder builder) {
        try {
            com.azure.identity.implementation.CredentialBuilderBaseHelper.getClientOptions(builder).setChained(true);
        } catch (RuntimeException | LinkageError e) {
            log.debug("identity: cannot shorten the managed identity probe: {}", e.toString());
        }
    }

    private CredentialChain.Link cli(String tenantId) {
        return new CredentialChain.Link(CredentialKind.CLI, new LazyCredential(() -> {
            AzureCliCredentialBuilder builder = new AzureCliCredentialBuilder();
            if (has(tenantId)) {
                builder.tenantId(tenantId);
            }
            return builder.build();
        }), null, "on a laptop run az login");
    }

    private String first(String explicit, String... keys) {
        if (has(explicit)) {
            return explicit.strip();
        }
        for (String key : keys) {
            String value = environment.apply(key);
            if (has(value)) {
                return value.strip();
            }
        }
        return null;
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
