package dev.parley.fakes.entra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.fakes.http.Exchanges;
import dev.parley.fakes.http.FakeHttpsServer;

/**
 * A local HTTPS stand-in for the Microsoft Entra ID token endpoint, as {@code WorkloadIdentityCredential}
 * (through MSAL, with instance discovery disabled) calls it:
 * {@code POST /{tenant}/oauth2/v2.0/token} with a federated client assertion.
 *
 * <p>It plays both sides of workload identity: it writes the projected service-account token
 * ({@link #writeFederatedTokenFile(Path)}, {@link #rotateFederatedToken()}) and accepts exactly the tokens it
 * wrote. Access tokens are ES256 JWTs with {@code aud}, {@code exp}, {@code tid} and {@code appid}; check them
 * with {@link #isValidAccessToken(String, String)}.
 */
public final class FakeEntra implements AutoCloseable {

    /** The audience a projected service-account token carries for Entra. */
    public static final String FEDERATED_TOKEN_AUDIENCE = "api://AzureADTokenExchange";
    public static final String JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final Logger LOG = LoggerFactory.getLogger(FakeEntra.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

    private final String tenantId;
    private final String clientId;
    private final String objectId;
    private final Duration tokenLifetime;
    private final String issuer;
    private final String subject;
    private final boolean revokeRotatedFederatedTokens;
    private final int port;
    private final Duration clockSkew;
    private final Clock clock;
    private final JwtSigner signer = new JwtSigner();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> unhandledRequests = new CopyOnWriteArrayList<>();
    private final Set<String> acceptedAssertions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger failuresToInject = new AtomicInteger();
    private volatile String currentAssertion;
    private volatile Path federatedTokenFile;
    private volatile FakeHttpsServer server;

    private FakeEntra(Builder options) {
        this.tenantId = options.tenantId;
        this.clientId = options.clientId;
        this.objectId = options.objectId;
        this.tokenLifetime = options.tokenLifetime;
        this.issuer = options.issuer;
        this.subject = options.subject;
        this.revokeRotatedFederatedTokens = options.revokeRotatedFederatedTokens;
        this.port = options.port;
        this.clockSkew = options.clockSkew;
        this.clock = options.clock;
        this.currentAssertion = newFederatedToken();
        acceptedAssertions.add(currentAssertion);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving on {@code 127.0.0.1} and returns {@code this}. */
    public FakeEntra start() {
        if (server != null) {
            throw new IllegalStateException("FakeEntra is already started");
        }
        server = FakeHttpsServer.start(port, this::handle);
        LOG.info("FakeEntra listening: authorityHost={} tenant={}", authorityHost(), tenantId);
        return this;
    }

    @Override
    public void close() {
        FakeHttpsServer running = server;
        if (running != null) {
            running.close();
        }
    }

    /** {@code https://127.0.0.1:<port>}: give it to {@code authorityHost(..)} or {@code AZURE_AUTHORITY_HOST}. */
    public String authorityHost() {
        return running().baseUrl();
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    // ---- the projected service-account token ----

    /** The federated token the fake currently expects (what the token file holds after a write). */
    public String federatedToken() {
        return currentAssertion;
    }

    /** Writes the current federated token to {@code file} (as kubelet projects it) and remembers the path. */
    public synchronized Path writeFederatedTokenFile(Path file) {
        federatedTokenFile = file;
        writeAtomically(file, currentAssertion);
        return file;
    }

    /**
     * Issues a new federated token and writes it over the remembered token file. The previous token stays
     * acceptable unless the builder said {@link Builder#revokeRotatedFederatedTokens()}.
     */
    public synchronized String rotateFederatedToken() {
        Path file = federatedTokenFile;
        if (file == null) {
            throw new IllegalStateException("Call writeFederatedTokenFile(Path) before rotateFederatedToken()");
        }
        String next = newFederatedToken();
        // accepted before anyone can read it from the file; the old one revoked only once the file is replaced
        acceptedAssertions.add(next);
        currentAssertion = next;
        writeAtomically(file, next);
        if (revokeRotatedFederatedTokens) {
            acceptedAssertions.retainAll(Set.of(next));
        }
        LOG.info("FakeEntra rotated the federated token: file={} previousStillAccepted={}", file,
                !revokeRotatedFederatedTokens);
        return next;
    }

    /**
     * The variables the workload-identity webhook would inject ({@code AZURE_AUTHORITY_HOST},
     * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, {@code AZURE_FEDERATED_TOKEN_FILE}), pointing at this fake:
     * for a child process's environment, or an azure-core {@code Configuration} in-process.
     */
    public Map<String, String> workloadIdentityEnvironment() {
        Path file = federatedTokenFile;
        if (file == null) {
            throw new IllegalStateException("Call writeFederatedTokenFile(Path) first");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AZURE_AUTHORITY_HOST", authorityHost());
        environment.put("AZURE_TENANT_ID", tenantId);
        environment.put("AZURE_CLIENT_ID", clientId);
        environment.put("AZURE_FEDERATED_TOKEN_FILE", file.toAbsolutePath().toString());
        return environment;
    }

    // ---- what happened ----

    /** Every token request received, in arrival order. */
    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Requests to any path other than the token endpoint, as {@code "METHOD /path?query"}; answered 404. */
    public List<String> unhandledRequests() {
        return List.copyOf(unhandledRequests);
    }

    /** The next {@code count} token requests fail with 503 (a token endpoint outage). */
    public void failNextTokenRequests(int count) {
        failuresToInject.set(count);
    }

    /**
     * Signed by this fake, not expired (beyond the builder's {@code clockSkew}), and for {@code scope}'s resource
     * (e.g. {@code https://x/.default}).
     */
    public boolean isValidAccessToken(String token, String scope) {
        String audience = audienceOf(scope);
        return validClaims(token)
                .map(claims -> audience.equals(claims.path("aud").asText()))
                .orElse(false);
    }

    /** Signed by this fake for its tenant and not expired, for any audience. */
    public boolean isValidAccessToken(String token) {
        return validClaims(token).isPresent();
    }

    private Optional<JsonNode> validClaims(String token) {
        Instant now = clock.instant();
        return signer.verifiedClaims(token)
                .filter(claims -> Instant.ofEpochSecond(claims.path("exp").asLong()).plus(clockSkew).isAfter(now))
                .filter(claims -> tenantId.equals(claims.path("tid").asText()));
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // the whole body before any answer (see FakeAzureOpenAi.handle: JDK HttpsServer keep-alive)
            String body = Exchanges.body(exchange);
            String path = exchange.getRequestURI().getPath();
            String tokenPath = "/" + tenantId + "/oauth2/v2.0/token";
            if ("POST".equals(exchange.getRequestMethod()) && path.endsWith("/oauth2/v2.0/token")) {
                token(exchange, path.equals(tokenPath) ? tenantId : tenantOf(path), body);
            } else {
                String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
                unhandledRequests.add(request);
                LOG.warn("FakeEntra has no answer for {}", request);
                Exchanges.sendJson(exchange, 404, "{\"error\":\"not_found\"}");
            }
        } catch (RuntimeException e) {
            LOG.error("FakeEntra failed to answer a request", e);
            throw e;
        }
    }

    private static String tenantOf(String path) {
        String[] segments = path.split("/");
        return segments.length > 1 ? segments[1] : "";
    }

    private void token(HttpExchange exchange, String tenant, String body) throws IOException {
        Map<String, String> form = Exchanges.formOrQuery(body);
        Instant receivedAt = clock.instant();
        String scope = resourceScope(form.get("scope"));
        EntraError error = injectedFailure()
                .or(() -> validate(tenant, form, scope))
                .orElse(null);
        String accessToken = error == null ? issueAccessToken(scope, form.get("client_id")) : null;
        tokenRequests.add(new TokenRequest(tenant, form.get("client_id"), form.get("scope"),
                form.get("client_assertion"), form.get("client_assertion_type"), form.get("grant_type"), receivedAt,
                error == null ? 200 : error.status(), error == null ? null : error.code(), accessToken));
        if (error != null) {
            LOG.info("FakeEntra refused a token request: tenant={} status={} code={}", tenant, error.status(),
                    error.code());
            Exchanges.sendJson(exchange, error.status(), toJson(error.body()));
            return;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("token_type", "Bearer");
        response.put("expires_in", tokenLifetime.toSeconds());
        response.put("ext_expires_in", tokenLifetime.toSeconds());
        response.put("access_token", accessToken);
        LOG.info("FakeEntra issued an access token: tenant={} scope={} expiresIn={}s", tenant, scope,
                tokenLifetime.toSeconds());
        Exchanges.sendJson(exchange, 200, toJson(response));
    }

    private Optional<EntraError> injectedFailure() {
        if (failuresToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Optional.of(new EntraError(503, "temporarily_unavailable", 90033,
                    "A transient error has occurred. Please try again."));
        }
        return Optional.empty();
    }

    /** Checks in the order Entra does: tenant, grant, client, assertion type, assertion, scope. */
    private Optional<EntraError> validate(String tenant, Map<String, String> form, String scope) {
        if (!tenantId.equals(tenant)) {
            return Optional.of(new EntraError(400, "invalid_request", 90002,
                    "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID."));
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return Optional.of(new EntraError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + form.get("grant_type") + "'."));
        }
        if (!clientId.equals(form.get("client_id"))) {
            return Optional.of(new EntraError(400, "unauthorized_client", 700016, "Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory '" + tenant + "'."));
        }
        if (!JWT_BEARER_ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            return Optional.of(new EntraError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_assertion_type' with value '"
                            + JWT_BEARER_ASSERTION_TYPE + "'."));
        }
        String assertion = form.get("client_assertion");
        if (assertion == null || assertion.isBlank()) {
            return Optional.of(new EntraError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_assertion'."));
        }
        if (!acceptedAssertions.contains(assertion.trim())) {
            String issuer = JwtSigner.unverifiedClaims(assertion).map(c -> c.path("iss").asText()).orElse("");
            return Optional.of(new EntraError(401, "invalid_client", 700211,
                    "No matching federated identity record found for presented assertion issuer '" + issuer
                            + "'. Please check your federated identity credential Subject, Audience and Issuer"
                            + " against the presented assertion."));
        }
        if (scope == null) {
            return Optional.of(new EntraError(400, "invalid_scope", 1002012, "The provided value for scope '"
                    + form.get("scope") + "' is not valid. Client credential flows must have a scope value with"
                    + " /.default suffixed to the resource identifier (application ID URI)."));
        }
        return Optional.empty();
    }

    /** The one {@code <resource>/.default} scope of a client-credentials request; null if there is not one. */
    private static String resourceScope(String scopes) {
        if (scopes == null) {
            return null;
        }
        List<String> resources = new ArrayList<>();
        for (String scope : scopes.trim().split("\\s+")) {
            if (!OIDC_SCOPES.contains(scope)) {
                resources.add(scope);
            }
        }
        return resources.size() == 1 && resources.get(0).endsWith(DEFAULT_SCOPE_SUFFIX) ? resources.get(0) : null;
    }

    private static String audienceOf(String scope) {
        Objects.requireNonNull(scope, "scope");
        return scope.endsWith(DEFAULT_SCOPE_SUFFIX)
                ? scope.substring(0, scope.length() - DEFAULT_SCOPE_SUFFIX.length())
                : scope;
    }

    private String issueAccessToken(String scope, String clientId) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audienceOf(scope));
        claims.put("iss", "https://sts.windows.net/" + tenantId + "/");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", expiry(now));
        claims.put("tid", tenantId);
        claims.put("appid", clientId);
        claims.put("oid", objectId);
        claims.put("sub", objectId);
        claims.put("idtyp", "app");
        claims.put("ver", "1.0");
        claims.put("jti", UUID.randomUUID().toString());
        return signer.sign(claims);
    }

    /**
     * {@code now + lifetime} rounded up to the second: the token lives at least its lifetime, and MSAL (which
     * computes expiry as its own whole-second now + {@code expires_in}) never thinks it lives longer.
     */
    private long expiry(Instant now) {
        Instant exp = now.plus(tokenLifetime);
        return exp.getNano() == 0 ? exp.getEpochSecond() : exp.getEpochSecond() + 1;
    }

    private String newFederatedToken() {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", List.of(FEDERATED_TOKEN_AUDIENCE));
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return signer.sign(claims);
    }

    /** Like kubelet's symlink swap: a reader sees the old token or the new one, never half a file. */
    private static void writeAtomically(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".token", ".tmp");
            Files.writeString(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the federated token file " + file, e);
        }
    }

    private FakeHttpsServer running() {
        FakeHttpsServer running = server;
        if (running == null) {
            throw new IllegalStateException("FakeEntra is not started; call start()");
        }
        return running;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options for a {@link FakeEntra}; every one has a working default. */
    public static final class Builder {
        private String tenantId = "00000000-0000-0000-0000-00000000a7e1";
        private String clientId = "00000000-0000-0000-0000-0000000c11e7";
        private String objectId = UUID.randomUUID().toString();
        private Duration tokenLifetime = Duration.ofHours(1);
        private String issuer = "https://oidc.parley.test/" + UUID.randomUUID() + "/";
        private String subject = "system:serviceaccount:parley:parley-worker";
        private boolean revokeRotatedFederatedTokens;
        private int port;
        private Duration clockSkew = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder tenantId(String tenantId) {
            this.tenantId = requireText(tenantId, "tenantId");
            return this;
        }

        /** The only client (application) id the token endpoint accepts. */
        public Builder clientId(String clientId) {
            this.clientId = requireText(clientId, "clientId");
            return this;
        }

        /** Lifetime of issued access tokens ({@code expires_in}); whole seconds, at least one. */
        public Builder tokenLifetime(Duration tokenLifetime) {
            if (tokenLifetime.toSeconds() < 1) {
                throw new IllegalArgumentException("tokenLifetime must be at least one second: " + tokenLifetime);
            }
            this.tokenLifetime = tokenLifetime;
            return this;
        }

        /** {@code iss} of the federated (service-account) tokens: the cluster's OIDC issuer URL. */
        public Builder issuer(String issuer) {
            this.issuer = requireText(issuer, "issuer");
            return this;
        }

        /** {@code sub} of the federated tokens. */
        public Builder subject(String subject) {
            this.subject = requireText(subject, "subject");
            return this;
        }

        /** After {@link #rotateFederatedToken()}, refuse the previous token (default: keep accepting it). */
        public Builder revokeRotatedFederatedTokens() {
            this.revokeRotatedFederatedTokens = true;
            return this;
        }

        /** Listening port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * How long past {@code exp} a token is still accepted (default 5 s; real resource servers allow 5 min).
         * azure-core picks the token when a call enters the pipeline and may send it seconds later (a new TLS
         * connection on a loaded machine), so with a lifetime of seconds a token valid at pick-up can arrive
         * expired: 63 of 64 concurrent calls got 401 with no skew on a loaded 2-core machine. Tests of expiry
         * itself can set {@code Duration.ZERO}.
         */
        public Builder clockSkew(Duration clockSkew) {
            if (clockSkew == null || clockSkew.isNegative()) {
                throw new IllegalArgumentException("clockSkew must be zero or positive: " + clockSkew);
            }
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public FakeEntra build() {
            return new FakeEntra(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
