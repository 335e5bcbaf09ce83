package dev.parley.fakes.entra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.WorkloadIdentityCredential;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.fakes.tls.TestTlsExtension;

@ExtendWith(TestTlsExtension.class)
class WorkloadIdentityAgainstFakeEntraTest {

    static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    @TempDir
    Path dir;

    FakeEntra entra;
    Path tokenFile;

    @BeforeEach
    void start() {
        entra = FakeEntra.builder().tenantId("tenant-1").clientId("client-1")
                .tokenLifetime(Duration.ofSeconds(3)).build().start();
        tokenFile = entra.writeFederatedTokenFile(dir.resolve("azure-identity-token"));
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    WorkloadIdentityCredential credential() {
        return new WorkloadIdentityCredentialBuilder()
                .authorityHost(entra.authorityHost())
                .tenantId(entra.tenantId())
                .clientId(entra.clientId())
                .tokenFilePath(tokenFile.toString())
                .disableInstanceDiscovery()
                .build();
    }

    @Test
    void theRealCredentialGetsATokenTheFakeValidates() {
        AccessToken token = credential().getTokenSync(new TokenRequestContext().addScopes(SCOPE));

        assertThat(entra.isValidAccessToken(token.getToken(), SCOPE)).isTrue();
        assertThat(entra.tokenRequests()).singleElement().satisfies(request -> {
            assertThat(request.succeeded()).isTrue();
            assertThat(request.clientId()).isEqualTo("client-1");
            assertThat(request.clientAssertion()).isEqualTo(entra.federatedToken());
            System.out.println("scope sent: " + request.scope());
        });
        assertThat(entra.unhandledRequests()).isEmpty();
    }
}
