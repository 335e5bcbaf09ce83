package dev.parley.worker.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Builds its credential on first use. Creating azure-identity credentials loads MSAL and friends, which
 * costs start-up time that the offline local run, which never asks for a token, should not pay.
 */
final class LazyCredential implements TokenCredential {

    private final Supplier<TokenCredential> factory;
    private volatile TokenCredential credential;

    LazyCredential(Supplier<TokenCredential> factory) {
        this.factory = factory;
    }

    boolean isBuilt() {
        return credential != null;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        return Mono.defer(() -> credential().getToken(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        return credential().getTokenSync(request);
    }

    private TokenCredential credential() {
        TokenCredential c = credential;
        if (c == null) {
            synchronized (this) {
                c = credential;
                if (c == null) {
                    c = factory.get();
                    credential = c;
                }
            }
        }
        return c;
    }
}
