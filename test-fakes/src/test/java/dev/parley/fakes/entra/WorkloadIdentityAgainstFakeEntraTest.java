package dev.parley.fakes.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.WorkloadIdentityCredential;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.fakes.tls.TestTlsExtension;

/** The real azure-identity WorkloadIdentityCredential (MSAL over the azure-core Netty pipeline) against FakeEntra. */
@ExtendWith(TestTlsExtension.class)
class WorkloadIdentityAgainstFakeEntraTest {

    static final String SCOPE = "https://cognitiveservices.azure.com/.default";
    static final TokenRequestContext REQUEST = new TokenRequestContext().addScopes(SCOPE);

    @TempDir
    Path dir;

    FakeEntra entra;
    Path tokenFile;

    @BeforeEach
    void start() {
        entra = FakeEntra.builder().tenantId("tenant-1").clientId("client-1")
                .tokenLifetime(Duration.ofSeconds(2)).clockSkew(Duration.ZERO).revokeRotatedFederatedTokens()
                .build().start();
        tokenFile = entra.writeFederatedTokenFile(dir.resolve("azure-identity-token"));
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    WorkloadIdentityCredentialBuilder builder() {
        return new WorkloadIdentityCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(entra.tenantId())
                .clientId(entra.clientId())
                .tokenFilePath(tokenFile.toString())
                .disableInstanceDiscovery();
    }

    @Test
    void theRealCredentialGetsATokenTheFakeValidates() {
        AccessToken token = builder().build().getTokenSync(REQUEST);

        assertThat(entra.isValidAccessToken(token.getToken(), SCOPE)).isTrue();
        assertThat(entra.isValidAccessToken(token.getToken(), "https://management.azure.com/.default")).isFalse();
        assertThat(entra.tokenRequests()).singleElement().satisfies(request -> {
            assertThat(request.succeeded()).isTrue();
            assertThat(request.tenantId()).isEqualTo("tenant-1");
            assertThat(request.clientId()).isEqualTo("client-1");
            assertThat(request.grantType()).isEqualTo("client_credentials");
            assertThat(request.clientAssertionType()).isEqualTo(FakeEntra.JWT_BEARER_ASSERTION_TYPE);
            assertThat(request.clientAssertion()).isEqualTo(entra.federatedToken());
            // MSAL adds the OIDC scopes to the resource's /.default scope
            assertThat(request.scope().split(" ")).contains(SCOPE);
            assertThat(request.accessToken()).isEqualTo(token.getToken());
        });
        // with instance discovery disabled, MSAL asks for nothing but the token
        assertThat(entra.unhandledRequests()).isEmpty();
    }

    @Test
    void anExpiredTokenIsNoLongerValidAndTheNextGetTokenBringsAFreshOne() {
        WorkloadIdentityCredential credential = builder().build();
        AccessToken first = credential.getTokenSync(REQUEST);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !entra.isValidAccessToken(first.getToken()));

        AccessToken second = credential.getTokenSync(REQUEST);

        assertThat(second.getToken()).isNotEqualTo(first.getToken());
        assertThat(entra.isValidAccessToken(second.getToken(), SCOPE)).isTrue();
        assertThat(entra.tokenRequests()).hasSize(2).allMatch(TokenRequest::succeeded);
    }

    @Test
    void msalTreatsATokenWithUnderFiveMinutesLeftAsStaleSoEveryCallGoesToEntra() {
        WorkloadIdentityCredential credential = builder().build();
        credential.getTokenSync(REQUEST);
        credential.getTokenSync(REQUEST);

        assertThat(entra.tokenRequests()).hasSize(2);
    }

    @Test
    void aRotatedTokenFileIsReadOnTheNextTokenRequest() {
        WorkloadIdentityCredential credential = builder().build();
        credential.getTokenSync(REQUEST);
        String rotated = entra.rotateFederatedToken();

        AccessToken afterRotation = credential.getTokenSync(REQUEST);

        assertThat(entra.isValidAccessToken(afterRotation.getToken(), SCOPE)).isTrue();
        assertThat(entra.tokenRequests()).extracting(TokenRequest::clientAssertion)
                .hasSize(2).last().isEqualTo(rotated);
    }

    @Test
    void anAssertionEntraDoesNotKnowIsRefusedWithAadsts700211() throws Exception {
        Files.writeString(tokenFile, "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2Vsc2V3aGVyZS8ifQ.");

        assertThatThrownBy(() -> builder().build().getTokenSync(REQUEST))
                .hasStackTraceContaining("AADSTS700211");
        assertThat(entra.tokenRequests()).last().satisfies(request -> {
            assertThat(request.status()).isEqualTo(401);
            assertThat(request.errorCode()).isEqualTo("AADSTS700211");
        });
    }

    @Test
    void aRevokedPreviousAssertionIsRefused() {
        String old = entra.federatedToken();
        entra.rotateFederatedToken();
        Path stale = dir.resolve("stale-token");
        try {
            Files.writeString(stale, old);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThatThrownBy(() -> builder().tokenFilePath(stale.toString()).build().getTokenSync(REQUEST))
                .hasStackTraceContaining("AADSTS700211");
    }

    @Test
    void anUnknownClientIdIsRefusedWithAadsts700016() {
        assertThatThrownBy(() -> builder().clientId("someone-else").build().getTokenSync(REQUEST))
                .hasStackTraceContaining("AADSTS700016");
        assertThat(entra.tokenRequests()).singleElement()
                .satisfies(request -> assertThat(request.status()).isEqualTo(400));
    }

    @Test
    void anUnknownTenantIsRefusedWithAadsts90002() {
        assertThatThrownBy(() -> builder().tenantId("tenant-2").build().getTokenSync(REQUEST))
                .hasStackTraceContaining("AADSTS90002");
    }

    @Test
    void aTokenEndpointOutageIsRetriedByTheIdentityPipeline() {
        entra.failNextTokenRequests(1);

        AccessToken token = builder().build().getTokenSync(REQUEST);

        assertThat(entra.isValidAccessToken(token.getToken(), SCOPE)).isTrue();
        assertThat(entra.tokenRequests()).extracting(TokenRequest::status).containsExactly(503, 200);
    }

    @Test
    void theWorkloadIdentityEnvironmentVariablesCanBeGivenAsAConfiguration() {
        Map<String, String> environment = entra.workloadIdentityEnvironment();
        assertThat(environment).containsEntry("AZURE_AUTHORITY_HOST", entra.authorityHost())
                .containsEntry("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toAbsolutePath().toString())
                .containsKeys("AZURE_TENANT_ID", "AZURE_CLIENT_ID");
        ConfigurationSource none = source -> Map.of();
        Configuration asIfEnvironment = new ConfigurationBuilder(none, none, source -> environment).build();

        AccessToken token = new WorkloadIdentityCredentialBuilder().configuration(asIfEnvironment)
                .disableInstanceDiscovery().build().getTokenSync(REQUEST);

        assertThat(entra.isValidAccessToken(token.getToken(), SCOPE)).isTrue();
    }

    @Test
    void anHttpAuthorityHostIsRejectedByAzureIdentity() {
        assertThatThrownBy(() -> builder().authorityHost(entra.authorityHost().replace("https:", "http:")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
