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
     * @param hint          what to set to make this credential work, for the failure message
     * @param anyFailurePasses every failure of this credential passes to the next one, not only
     *                        {@link CredentialUnavailableException}: managed identity off Azure fails
     *                        with a generic "authentication failed" when the IMDS endpoint cannot be reached
     */
    record Link(CredentialKind kind, TokenCredential credential, String unavailableReason, String hint,
                boolean anyFailurePasses) {

        Link(CredentialKind kind, TokenCredential credential, String unavailableReason, String hint) {
            this(kind, credential, unavailableReason, hint, false);
        }

        boolean passes(Throwable failure) {
            return failure instanceof CredentialUnavailableException || (anyFailurePasses && failure instanceof RuntimeException);
        }
    }

    /** The kinds in the order they are tried. */
    public List<CredentialKind> order() {
        return links.stream().map(Link::kind).toList();
    }

    /** The credential that served the first token, once one has. */
    public Optional<CredentialKind> servedBy() {
        return Optional.ofNullable(selected.get()).map(Link::kind);
    }

    /** How many of the chain's credentials have been created (they are created on first use). */
    int credentialsBuilt() {
        return (int) links.stream().filter(l -> l.credential() != null
                && (!(l.credential() instanceof LazyCredential lazy) || lazy.isBuilt())).count();
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
            } catch (RuntimeException e) {
                if (!link.passes(e)) {
                    throw e;
                }
                reasons.add(line(link, describe(e)));
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
                .onErrorResume(link::passes, e -> {
                    reasons.add(line(link, describe(e)));
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

    /** The message, with the innermost cause's when the SDK only says "see inner exception". */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
        return root == failure ? message : message + " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("")) + ")";
    }

    private static String line(Link link, String reason) {
        String first = reason == null ? "unavailable" : reason.strip().lines().findFirst().orElse("unavailable");
        return link.kind().credentialName() + ": " + first + (link.hint() == null ? "" : " -> " + link.hint());
    }
}
