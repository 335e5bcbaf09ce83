package dev.parley.fakes.openai;

import java.time.Instant;

/** A call the fake refused before any scripted response: no/invalid token, unknown deployment, bad version. */
public record Rejection(int status, String code, String method, String path, Instant receivedAt) {
}
