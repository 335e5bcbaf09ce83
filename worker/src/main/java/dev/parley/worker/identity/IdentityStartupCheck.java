package dev.parley.worker.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gets one token at startup, before the intake starts: logs which credential served (never the token)
 * and stops the process with a message saying what to set when none can. Also warms the token cache.
 * Off with {@code parley.identity.startup-check=false} (the offline local run needs no credential).
 */
public final class IdentityStartupCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(IdentityStartupCheck.class);

    private final CredentialChain chain;
    private final String scope;
    private final Duration timeout;

    public IdentityStartupCheck(CredentialChain chain, String scope, Duration timeout) {
        this.chain = chain;
        this.scope = scope;
        this.timeout = timeout;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check();
    }

    /**
     * @return the credential that served
     * @throws IllegalStateException naming, for each credential, why it could not serve
     */
    public CredentialKind check() {
        AccessToken token;
        try {
            token = chain.getToken(new TokenRequestContext().addScopes(scope)).block(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Parley could not get an Azure token for " + scope
                    + " at startup (parley.identity.startup-check). " + e.getMessage(), e);
        }
        if (token == null) {
            throw new IllegalStateException("Parley got no Azure token for " + scope + " within " + timeout.toSeconds()
                    + " s at startup (parley.identity.startup-check-timeout); credentials tried in order: " + chain.order());
        }
        CredentialKind served = chain.servedBy().orElseThrow();
        log.info("identity: {} got a token for {} (expires {})", served.credentialName(), scope, token.getExpiresAt());
        return served;
    }
}
