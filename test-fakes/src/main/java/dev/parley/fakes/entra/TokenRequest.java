package dev.parley.fakes.entra;

import java.time.Instant;

/**
 * One call to the fake token endpoint, as received.
 *
 * @param errorCode the AADSTS code answered (e.g. {@code AADSTS700211}), or {@code null} when a token was issued
 */
public record TokenRequest(String tenantId, String clientId, String scope, String clientAssertion,
                           String clientAssertionType, String grantType, Instant receivedAt, int status,
                           String errorCode, String accessToken) {

    public boolean succeeded() {
        return status == 200;
    }
}
