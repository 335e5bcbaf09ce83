package dev.parley.worker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import dev.parley.fakes.tls.TestTlsExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@ExtendWith(TestTlsExtension.class)
class IdentityConfigurationTest {

    @TempDir
    Path dir;

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(IdentityConfiguration.class);

    @Test
    void startupChecksTheWorkloadIdentityAndExposesOneCredentialBean() {
        try (WorkloadIdentityFixture identity = new WorkloadIdentityFixture(dir, Duration.ofHours(1))) {
            context.withPropertyValues(
                            "AZURE_CLIENT_ID=" + identity.entra.clientId(),
                            "AZURE_TENANT_ID=" + identity.entra.tenantId(),
                            "AZURE_FEDERATED_TOKEN_FILE=" + identity.tokenFile,
                            "AZURE_AUTHORITY_HOST=" + identity.entra.authorityHost(),
                            "parley.identity.disable-instance-discovery=true",
                            "parley.identity.exclude=managed,cli")
                    .run(c -> {
                        assertThat(c).hasNotFailed();
                        assertThat(c).getBeans(TokenCredential.class).containsOnlyKeys(IdentityConfiguration.CREDENTIAL_BEAN);
                        assertThat(c.getBean(CredentialChain.class).servedBy()).contains(CredentialKind.WORKLOAD);
                        assertThat(identity.entra.tokenRequests()).hasSize(1);
                    });
        }
    }

    @Test
    void withoutAnyCredentialStartupFailsFastWithWhatToSet() {
        context.withPropertyValues("parley.identity.exclude=managed,cli")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("WorkloadIdentityCredential: workload identity environment not present")
                        .hasMessageContaining("parley.identity.startup-check=false"));
    }

    @Test
    void theStartupCheckCanBeSkippedForTheOfflineLocalRun() {
        context.withPropertyValues("parley.identity.exclude=workload,managed,cli", "parley.identity.startup-check=false")
                .run(c -> {
                    assertThat(c).hasNotFailed();
                    assertThat(c).doesNotHaveBean(IdentityStartupCheck.class);
                    assertThat(c.getBean(CredentialChain.class).servedBy()).isEmpty();
                    assertThat(c.getBean(CredentialChain.class).credentialsBuilt()).as("nothing loaded for nothing").isZero();
                });
    }

    @Test
    void aNonHttpsAuthorityHostIsRefused() {
        context.withPropertyValues("parley.identity.authority-host=http://login.example", "parley.identity.startup-check=false")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("set parley.identity.authority-host to an https URL"));
    }
}
