package dev.parley.worker.identity;

import java.util.Locale;

/** The credentials Parley's chain knows, in the seed's default order. */
public enum CredentialKind {
    WORKLOAD("WorkloadIdentityCredential"),
    MANAGED("ManagedIdentityCredential"),
    CLI("AzureCliCredential");

    private final String credentialName;

    CredentialKind(String credentialName) {
        this.credentialName = credentialName;
    }

    /** The azure-identity class name, as people search for it. */
    public String credentialName() {
        return credentialName;
    }

    /** The value {@code parley.identity.exclude} takes for this kind. */
    public String propertyValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
