package dev.parley.worker.identity;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The process's Azure identity, prefix {@code parley.identity}. Unset values fall back to Spring Cloud
 * Azure's properties and then to the workload-identity environment (see {@link CredentialChainBuilder}).
 *
 * @param exclude                  credentials left out of the chain: {@code workload}, {@code managed}, {@code cli}
 * @param clientId                 client id of the workload / user-assigned managed identity
 * @param tenantId                 tenant of the workload identity and of the Azure CLI login
 * @param authorityHost            Entra authority host (https), for sovereign/private clouds or a local fake
 * @param disableInstanceDiscovery skip MSAL's instance discovery (needed with a local or private authority)
 * @param tokenFile                path of the projected service-account token, overriding AZURE_FEDERATED_TOKEN_FILE
 * @param startupCheck             get a token at startup, log which credential served, fail fast if none can
 * @param startupCheckScope        the scope the startup check asks a token for
 * @param startupCheckTimeout      how long the startup check waits for the chain
 */
@Validated
@ConfigurationProperties("parley.identity")
public record IdentityProperties(
        @DefaultValue Set<CredentialKind> exclude,
        String clientId,
        String tenantId,
        String authorityHost,
        @DefaultValue("false") boolean disableInstanceDiscovery,
        String tokenFile,
        @DefaultValue("true") boolean startupCheck,
        @DefaultValue(COGNITIVE_SERVICES_SCOPE)
        @NotBlank(message = "set parley.identity.startup-check-scope to a scope such as " + COGNITIVE_SERVICES_SCOPE)
        String startupCheckScope,
        @DefaultValue("30s") Duration startupCheckTimeout) {

    public static final String COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

    public IdentityProperties {
        exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    }

    @AssertTrue(message = "set parley.identity.authority-host to an https URL, e.g. https://login.microsoftonline.com")
    public boolean isAuthorityHostHttps() {
        return authorityHost == null || authorityHost.isBlank() || authorityHost.strip().startsWith("https://");
    }

    @AssertTrue(message = "set parley.identity.startup-check-timeout to a positive duration, e.g. 30s")
    public boolean isStartupCheckTimeoutPositive() {
        return startupCheckTimeout != null && startupCheckTimeout.toMillis() > 0;
    }
}
