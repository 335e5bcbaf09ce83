package dev.parley.fakes.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.fakes.http.Https;

/** The token endpoint's wire behaviour, request by request. */
class FakeEntraProtocolTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    FakeEntra entra;

    @BeforeEach
    void start() {
        entra = FakeEntra.builder().tenantId("t1").clientId("c1").tokenLifetime(Duration.ofSeconds(90)).build()
                .start();
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    Map<String, String> validForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_assertion", entra.federatedToken());
        form.put("client_assertion_type", FakeEntra.JWT_BEARER_ASSERTION_TYPE);
        form.put("client_id", "c1");
        form.put("grant_type", "client_credentials");
        form.put("scope", SCOPE);
        return form;
    }

    HttpResponse<String> post(String tenant, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return Https.post(entra.authorityHost() + "/" + tenant + "/oauth2/v2.0/token",
                "application/x-www-form-urlencoded", body);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Test
    void aValidRequestGetsAnOauthTokenResponseWithAJwtForTheScopesResource() throws Exception {
        HttpResponse<String> response = post("t1", validForm());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(90);
        assertThat(body.path("ext_expires_in").asLong()).isEqualTo(90);
        JsonNode claims = payload(body.path("access_token").asText());
        assertThat(claims.path("aud").asText()).isEqualTo("https://cognitiveservices.azure.com");
        assertThat(claims.path("tid").asText()).isEqualTo("t1");
        assertThat(claims.path("appid").asText()).isEqualTo("c1");
        // iat is rounded down and exp up to the second, so the token lives at least its lifetime
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isBetween(90L, 91L);
        assertThat(entra.isValidAccessToken(body.path("access_token").asText(), SCOPE)).isTrue();
    }

    @Test
    void aTamperedTokenIsNotValid() throws Exception {
        String token = json(post("t1", validForm())).path("access_token").asText();
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload(token).toString().replace("\"c1\"", "\"c2\"").getBytes(StandardCharsets.UTF_8));

        assertThat(entra.isValidAccessToken(parts[0] + "." + otherPayload + "." + parts[2], SCOPE)).isFalse();
        assertThat(entra.isValidAccessToken("not a jwt", SCOPE)).isFalse();
        assertThat(entra.isValidAccessToken(null)).isFalse();
    }

    @Test
    void aTokenFromAnotherFakeEntraIsNotValid() throws Exception {
        try (FakeEntra other = FakeEntra.builder().tenantId("t1").clientId("c1").build().start()) {
            Map<String, String> form = validForm();
            form.put("client_assertion", other.federatedToken());
            String token = json(Https.post(other.authorityHost() + "/t1/oauth2/v2.0/token",
                    "application/x-www-form-urlencoded", form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&")))).path("access_token").asText();

            assertThat(other.isValidAccessToken(token, SCOPE)).isTrue();
            assertThat(entra.isValidAccessToken(token, SCOPE)).isFalse();
        }
    }

    @Test
    void eachMalformedRequestGetsItsAadstsError() throws Exception {
        Map<String, Map.Entry<String, String>> cases = new LinkedHashMap<>();
        cases.put("AADSTS70003", Map.entry("grant_type", "password"));
        cases.put("AADSTS700016", Map.entry("client_id", "c2"));
        cases.put("AADSTS900144", Map.entry("client_assertion_type", "urn:something-else"));
        cases.put("AADSTS1002012", Map.entry("scope", "https://cognitiveservices.azure.com/user.read"));
        for (var c : cases.entrySet()) {
            Map<String, String> form = validForm();
            form.put(c.getValue().getKey(), c.getValue().getValue());

            HttpResponse<String> response = post("t1", form);

            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode error = json(response);
            assertThat(error.path("error_description").asText()).as(c.getKey()).startsWith(c.getKey() + ": ");
            assertThat(error.path("error_codes").get(0).asText()).isEqualTo(c.getKey().substring(6));
            assertThat(error.has("trace_id") && error.has("correlation_id")).isTrue();
        }
        Map<String, String> noAssertion = validForm();
        noAssertion.remove("client_assertion");
        assertThat(post("t1", noAssertion).statusCode()).isEqualTo(400);
        assertThat(entra.tokenRequests()).hasSize(5).noneMatch(TokenRequest::succeeded);
    }

    @Test
    void aWrongAssertionIs401InvalidClientNamingItsIssuer() throws Exception {
        Map<String, String> form = validForm();
        String foreign = Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes()) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        "{\"iss\":\"https://other-cluster/\"}".getBytes()) + ".sig";
        form.put("client_assertion", foreign);

        HttpResponse<String> response = post("t1", form);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).path("error").asText()).isEqualTo("invalid_client");
        assertThat(json(response).path("error_description").asText())
                .startsWith("AADSTS700211: No matching federated identity record found for presented assertion"
                        + " issuer 'https://other-cluster/'");
    }

    @Test
    void thePreviousFederatedTokenStaysValidAfterRotationUnlessRevoked() throws Exception {
        String old = entra.federatedToken();
        entra.writeFederatedTokenFile(java.nio.file.Files.createTempFile("token", ".jwt"));
        String rotated = entra.rotateFederatedToken();

        assertThat(rotated).isNotEqualTo(old);
        Map<String, String> form = validForm();
        form.put("client_assertion", old);
        assertThat(post("t1", form).statusCode()).isEqualTo(200);
    }

    @Test
    void federatedTokensLookLikeProjectedServiceAccountTokens() throws Exception {
        JsonNode claims = payload(entra.federatedToken());

        assertThat(claims.path("aud").get(0).asText()).isEqualTo(FakeEntra.FEDERATED_TOKEN_AUDIENCE);
        assertThat(claims.path("sub").asText()).startsWith("system:serviceaccount:");
        assertThat(claims.path("iss").asText()).startsWith("https://");
    }

    @Test
    void otherPathsAre404AndRecorded() throws Exception {
        HttpResponse<String> response = Https.get(entra.authorityHost() + "/t1/v2.0/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(entra.unhandledRequests()).containsExactly("GET /t1/v2.0/.well-known/openid-configuration");
    }

    @Test
    void aTokenIsAcceptedUntilExpiryPlusTheClockSkewAndNotAfter() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        try (FakeEntra timed = FakeEntra.builder().tenantId("t1").clientId("c1").clock(clock)
                .tokenLifetime(Duration.ofSeconds(60)).clockSkew(Duration.ofSeconds(1)).build().start()) {
            Map<String, String> form = validForm();
            form.put("client_assertion", timed.federatedToken());
            String token = json(Https.post(timed.authorityHost() + "/t1/oauth2/v2.0/token",
                    "application/x-www-form-urlencoded", form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&")))).path("access_token").asText();

            clock.now = java.time.Instant.parse("2026-01-01T00:01:00.500Z");
            assertThat(timed.isValidAccessToken(token, SCOPE)).as("0.5 s past exp").isTrue();
            clock.now = java.time.Instant.parse("2026-01-01T00:01:01Z");
            assertThat(timed.isValidAccessToken(token, SCOPE)).as("1 s past exp").isFalse();
        }
    }

    static final class MutableClock extends java.time.Clock {
        volatile java.time.Instant now;

        MutableClock(java.time.Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void misuseFailsClearly() {
        assertThatThrownBy(() -> FakeEntra.builder().tokenLifetime(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(entra::rotateFederatedToken).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("writeFederatedTokenFile");
        assertThatThrownBy(entra::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FakeEntra.builder().build().authorityHost())
                .isInstanceOf(IllegalStateException.class);
    }
}
