package dev.parley.fakes.entra;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An AADSTS error as Entra's token endpoint writes it (OAuth error + {@code error_codes} + trace ids). */
record EntraError(int status, String error, int aadstsCode, String description) {

    String code() {
        return "AADSTS" + aadstsCode;
    }

    Map<String, Object> body() {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
        return Map.of(
                "error", error,
                "error_description", code() + ": " + description + "\r\nTrace ID: " + traceId
                        + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp,
                "error_codes", List.of(aadstsCode),
                "timestamp", timestamp,
                "trace_id", traceId,
                "correlation_id", correlationId,
                "error_uri", "https://login.microsoftonline.com/error?code=" + aadstsCode);
    }
}
