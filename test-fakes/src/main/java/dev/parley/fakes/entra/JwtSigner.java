package dev.parley.fakes.entra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ES256 JWTs with a P-256 key made when the signer is created (cheap, unlike RSA key generation); verifies only
 * what it signed itself. The JDK's P1363 format is the raw {@code r||s} signature that JWS wants.
 */
final class JwtSigner {

    private static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final KeyPair keys;
    private final String keyId = UUID.randomUUID().toString();

    JwtSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    String sign(Map<String, ?> claims) {
        try {
            String header = encode(JSON.writeValueAsBytes(Map.of("alg", "ES256", "typ", "JWT", "kid", keyId)));
            String payload = encode(JSON.writeValueAsBytes(claims));
            String signingInput = header + "." + payload;
            Signature ecdsa = Signature.getInstance(ALGORITHM);
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + encode(ecdsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a JWT", e);
        }
    }

    /** The claims of {@code jwt} if this signer signed it; empty for anything else, malformed included. */
    Optional<JsonNode> verifiedClaims(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Signature ecdsa = Signature.getInstance(ALGORITHM);
            ecdsa.initVerify(keys.getPublic());
            ecdsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!ecdsa.verify(DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(DECODER.decode(parts[1])));
        } catch (IllegalArgumentException | GeneralSecurityException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** Claims without checking the signature (to name an unknown assertion's issuer in an error). */
    static Optional<JsonNode> unverifiedClaims(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(DECODER.decode(parts[1])));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }
}
