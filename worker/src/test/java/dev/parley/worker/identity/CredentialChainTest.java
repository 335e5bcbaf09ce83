package dev.parley.worker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.credential.TokenRequestContext;
import dev.parley.fakes.tls.TestTlsExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestTlsExtension.class)
class CredentialChainTest {

    static final String SCOPE = IdentityProperties.COGNITIVE_SERVICES_SCOPE;
    static final Set<CredentialKind> NOTHING_EXCLUDED = Set.of();

    @TempDir
    Path dir;

    WorkloadIdentityFixture identity;

    @BeforeEach
    void start() {
        identity = new WorkloadIdentityFixture(dir, Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        identity.close();
    }

    static CredentialChain chain(IdentityProperties properties, Map<String, String> environment) {
        return new CredentialChainBuilder().properties(properties).environment(environment::get).build();
    }

    @Test
    void theDefaultOrderIsTheSeedsWorkloadThenManagedThenCli() {
        assertThat(chain(WorkloadIdentityFixture.properties(true, NOTHING_EXCLUDED), Map.of()).order())
                .containsExactly(CredentialKind.WORKLOAD, CredentialKind.MANAGED, CredentialKind.CLI);
    }

    @Test
    void workloadIdentityServesWhenTheWebhookEnvironmentIsPresent() {
        CredentialChain chain = chain(WorkloadIdentityFixture.properties(true, NOTHING_EXCLUDED), identity.webhookEnvironment());

        CredentialKind served = new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(30)).check();

        assertThat(served).isEqualTo(CredentialKind.WORKLOAD);
        assertThat(chain.servedBy()).contains(CredentialKind.WORKLOAD);
        assertThat(identity.entra.tokenRequests()).singleElement()
                .satisfies(r -> assertThat(r.clientAssertion()).isEqualTo(identity.entra.federatedToken()));
    }

    @Test
    void theFirstCredentialThatServedKeepsServing() {
        CredentialChain chain = identity.credential();
        TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);

        AccessToken sync = chain.getTokenSync(request);
        AccessToken async = chain.getToken(request).block(Duration.ofSeconds(30));

        assertThat(identity.entra.isValidAccessToken(sync.getToken(), SCOPE)).isTrue();
        assertThat(identity.entra.isValidAccessToken(async.getToken(), SCOPE)).isTrue();
        assertThat(chain.servedBy()).contains(CredentialKind.WORKLOAD);
    }

    @Test
    void whenNoCredentialCanServeStartupFailsNamingEachCredentialsReasonAndWhatToSet() {
        CredentialChain chain = chain(WorkloadIdentityFixture.properties(true,
                Set.of(CredentialKind.MANAGED, CredentialKind.CLI)), Map.of());

        assertThatThrownBy(() -> new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(30)).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WorkloadIdentityCredential: workload identity environment not present"
                        + " (AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID not set)")
                .hasMessageContaining("azure.workload.identity/use")
                .hasMessageContaining("ManagedIdentityCredential: excluded by parley.identity.exclude")
                .hasMessageContaining("AzureCliCredential: excluded by parley.identity.exclude")
                .hasMessageContaining("parley.identity.startup-check=false");
        assertThat(chain.servedBy()).isEmpty();
    }

    @Test
    void anUnavailableAzureCliIsReportedWithItsOwnReason() {
        CredentialChain chain = chain(WorkloadIdentityFixture.properties(true, Set.of(CredentialKind.MANAGED)), Map.of());

        assertThatThrownBy(() -> new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(60)).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WorkloadIdentityCredential: workload identity environment not present")
                .hasMessageContaining("ManagedIdentityCredential: excluded")
                .hasMessageMatching("(?s).*AzureCliCredential: (?!excluded).+-> on a laptop run az login.*");
    }

    @Test
    void aWorkloadIdentityThatEntraRefusesStopsTheChainWithEntrasError() {
        Map<String, String> env = new HashMap<>(identity.webhookEnvironment());
        env.put("AZURE_CLIENT_ID", "11111111-2222-3333-4444-555555555555"); // not the federated app
        CredentialChain chain = chain(WorkloadIdentityFixture.properties(true, Set.of(CredentialKind.MANAGED)), env);

        assertThatThrownBy(() -> new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(30)).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AADSTS")
                .hasMessageNotContaining("AzureCliCredential");
        assertThat(chain.servedBy()).isEmpty();
    }

    /** A credential that always fails the way managed identity does off Azure. */
    static final TokenCredential IMDS_UNREACHABLE = new TokenCredential() {
        @Override
        public reactor.core.publisher.Mono<AccessToken> getToken(TokenRequestContext request) {
            return reactor.core.publisher.Mono.error(failure());
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            throw failure();
        }

        private ClientAuthenticationException failure() {
            return new ClientAuthenticationException("Managed Identity authentication failed, see inner exception",
                    null, new java.net.ConnectException("169.254.169.254: connection refused"));
        }
    };

    @Test
    void aManagedIdentityThatCannotReachImdsPassesToTheNextCredentialSyncAndAsync() {
        CredentialChain.Link managed = new CredentialChain.Link(CredentialKind.MANAGED, IMDS_UNREACHABLE, null, "hint", true);
        CredentialChain.Link workload = new CredentialChain.Link(CredentialKind.WORKLOAD, identity.credential(), null, "hint");
        TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);

        assertThat(new CredentialChain(java.util.List.of(managed, workload)).getTokenSync(request)).isNotNull();
        CredentialChain async = new CredentialChain(java.util.List.of(managed, workload));
        assertThat(async.getToken(request).block(Duration.ofSeconds(30))).isNotNull();
        assertThat(async.servedBy()).contains(CredentialKind.WORKLOAD);
    }

    @Test
    void whenManagedIdentityIsTheLastHopeItsInnerCauseIsInTheMessage() {
        CredentialChain chain = new CredentialChain(java.util.List.of(
                new CredentialChain.Link(CredentialKind.MANAGED, IMDS_UNREACHABLE, null, "assign a managed identity", true)));

        assertThatThrownBy(() -> chain.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
                .hasMessageContaining("ManagedIdentityCredential: Managed Identity authentication failed")
                .hasMessageContaining("ConnectException: 169.254.169.254: connection refused")
                .hasMessageContaining("-> assign a managed identity");
    }

    @Test
    void aCredentialThatIsSetUpButFailsStopsTheChain() {
        CredentialChain chain = new CredentialChain(java.util.List.of(
                new CredentialChain.Link(CredentialKind.WORKLOAD, IMDS_UNREACHABLE, null, "hint"),
                new CredentialChain.Link(CredentialKind.CLI, identity.credential(), null, "hint")));

        assertThatThrownBy(() -> chain.getTokenSync(new TokenRequestContext().addScopes(SCOPE)))
                .isInstanceOf(ClientAuthenticationException.class);
        assertThat(chain.servedBy()).isEmpty();
        assertThat(identity.entra.tokenRequests()).isEmpty();
    }

    @Test
    void springCloudAzureClientAndTenantIdsApplyToWorkloadIdentity() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_FEDERATED_TOKEN_FILE", identity.tokenFile.toString());
        env.put("AZURE_AUTHORITY_HOST", identity.entra.authorityHost());
        env.put("spring.cloud.azure.credential.client-id", identity.entra.clientId());
        env.put("spring.cloud.azure.profile.tenant-id", identity.entra.tenantId());

        CredentialChain chain = chain(WorkloadIdentityFixture.properties(true, Set.of(CredentialKind.MANAGED, CredentialKind.CLI)), env);

        assertThat(new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(30)).check()).isEqualTo(CredentialKind.WORKLOAD);
        assertThat(identity.entra.tokenRequests()).singleElement().satisfies(r -> {
            assertThat(r.clientId()).isEqualTo(identity.entra.clientId());
            assertThat(r.tenantId()).isEqualTo(identity.entra.tenantId());
        });
    }

    @Test
    void explicitParleySettingsWinOverSpringCloudAzureAndTheEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_CLIENT_ID", "wrong-client");
        env.put("AZURE_TENANT_ID", "wrong-tenant");
        env.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("missing-token").toString());
        env.put("AZURE_AUTHORITY_HOST", "https://login.invalid");
        env.put("spring.cloud.azure.credential.client-id", "also-wrong");
        IdentityProperties explicit = new IdentityProperties(Set.of(CredentialKind.MANAGED, CredentialKind.CLI),
                identity.entra.clientId(), identity.entra.tenantId(), identity.entra.authorityHost(), true,
                identity.tokenFile.toString(), true, SCOPE, Duration.ofSeconds(30));

        CredentialChain chain = chain(explicit, env);

        assertThat(new IdentityStartupCheck(chain, SCOPE, Duration.ofSeconds(30)).check()).isEqualTo(CredentialKind.WORKLOAD);
    }

    @Test
    void managedIdentityEnabledInSpringCloudAzureMovesManagedIdentityFirst() {
        CredentialChain chain = chain(WorkloadIdentityFixture.properties(false, NOTHING_EXCLUDED),
                Map.of("spring.cloud.azure.credential.managed-identity-enabled", "true"));

        assertThat(chain.order()).containsExactly(CredentialKind.MANAGED, CredentialKind.WORKLOAD, CredentialKind.CLI);
    }
}
