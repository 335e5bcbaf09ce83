package dev.parley.worker.identity;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.CredentialUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The process's one {@link TokenCredential}: tries its credentials in order and keeps the first that
 * serves (as {@code DefaultAzureCredential} does), so the identity does not change under a running worker.
 *
 * <p>A credential that is not set up ({@link CredentialUnavailableException}, or excluded, or missing
 * its environment) passes to the next one. A credential that is set up but fails (e.g. Entra refuses
 * the federated token) stops the chain with its error: falling through to another identity would hide
 * the misconfiguration. When none can serve, the exception lists, for each credential, why, and what
 * to set.
 */
public final class CredentialChain implements TokenCredential {

    private static final Logger log = LoggerFactory.getLogger(CredentialChain.class);

    private final List<Link> links;
    private final AtomicReference<Link> selected = new AtomicReference<>();

    CredentialChain(List<Link> links) {
        this.links = List.copyOf(links);
    }

    /**
     * One place in the chain: a credential, or why there is none ({@code credential == null}).
     *
     * @param hint what to set to make this credential work, for the failure message
     */
    record Link(CredentialKind kind, TokenCredential credential, String unavailableReason, String hint) {}

    /** The kinds in the order they are tried. */
    public List<CredentialKind> order() {
        return links.stream().map(Link::kind).toList();
    }

    /** The credential that served the first token, once one has. */
    public Optional<CredentialKind> servedBy() {
        return Optional.ofNullable(selected.get()).map(Link::kind);
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
        Link chosen = selected.get();
        if (chosen != null) {
            return chosen.credential().getTokenSync(request);
        }
        List<String> reasons = new ArrayList<>();
        for (Link link : links) {
            if (link.credential() == null) {
                reasons.add(line(link, link.unavailableReason()));
                continue;
            }
            try {
                AccessToken token = link.credential().getTokenSync(request);
                select(link);
                return token;
            } catch (CredentialUnavailableException e) {
                reasons.add(line(link, e.getMessage()));
            }
        }
        throw unavailable(request, reasons);
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        Link chosen = selected.get();
        if (chosen != null) {
            return chosen.credential().getToken(request);
        }
        return Mono.defer(() -> attempt(request, 0, new ArrayList<>()));
    }

    private Mono<AccessToken> attempt(TokenRequestContext request, int index, List<String> reasons) {
        if (index == links.size()) {
            return Mono.error(unavailable(request, reasons));
        }
        Link link = links.get(index);
        if (link.credential() == null) {
            reasons.add(line(link, link.unavailableReason()));
            return attempt(request, index + 1, reasons);
        }
        return Mono.defer(() -> link.credential().getToken(request))
                .doOnNext(token -> select(link))
                .onErrorResume(CredentialUnavailableException.class, e -> {
                    reasons.add(line(link, e.getMessage()));
                    return attempt(request, index + 1, reasons);
                });
    }

    private void select(Link link) {
        if (selected.compareAndSet(null, link)) {
            log.info("identity: {} serves Azure tokens for this process", link.kind().credentialName());
        }
    }

    private CredentialUnavailableException unavailable(TokenRequestContext request, List<String> reasons) {
        StringBuilder message = new StringBuilder("No credential could get a token for ")
                .append(request.getScopes()).append(". Tried in order:");
        reasons.forEach(r -> message.append("\n - ").append(r));
        message.append("\nSet up one of them; for the offline local run (parley.answering.mode=offline and a Service Bus"
                + " connection string) no credential is needed: set parley.identity.startup-check=false.");
        return new CredentialUnavailableException(message.toString());
    }

    private static String line(Link link, String reason) {
        String first = reason == null ? "unavailable" : reason.strip().lines().findFirst().orElse("unavailable");
        return link.kind().credentialName() + ": " + first + (link.hint() == null ? "" : " -> " + link.hint());
    }
}
