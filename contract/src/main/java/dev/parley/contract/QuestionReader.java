package dev.parley.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.parley.contract.QuestionLimits.MESSAGE_ID_MAX_LENGTH;
import static dev.parley.contract.QuestionLimits.REPLY_TO_MAX_LENGTH;
import static dev.parley.contract.QuestionLimits.REPLY_TO_SESSION_ID_MAX_LENGTH;
import static dev.parley.contract.QuestionLimits.SESSION_ID_MAX_LENGTH;

/**
 * Checks a received question against the contract and reports every violation, not just the first.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>A missing or blank {@code contentType} is accepted (many clients leave it out); a present one must be
 *       {@code application/json}, in any letter case, optionally with {@code charset=utf-8}.</li>
 *   <li>A blank {@code replyTo} or {@code replyToSessionId} counts as absent; a blank {@code messageId} or
 *       {@code sessionId} counts as missing.</li>
 *   <li>{@code parley-version} may be the string {@code "1"} or the integer {@code 1}.</li>
 *   <li>{@code traceparent} must be W3C trace context version {@code 00}: {@code 00-<32 hex>-<16 hex>-<2 hex>}, lower
 *       case, with non-zero trace and parent ids.</li>
 *   <li>The body's size is checked before it is parsed; body rules are those of {@link ParleyJson#readQuestion}.</li>
 * </ul>
 */
public final class QuestionReader {

    private static final Pattern TRACEPARENT =
            Pattern.compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

    private QuestionReader() {
    }

    /** A {@link QuestionReading.Valid} question, or a {@link QuestionReading.Invalid} one with every violation. */
    public static QuestionReading read(QuestionEnvelope envelope) {
        List<Violation> violations = new ArrayList<>();
        String messageId = required(envelope.messageId(), "messageId", MESSAGE_ID_MAX_LENGTH,
                ViolationCode.MESSAGE_ID_MISSING, ViolationCode.MESSAGE_ID_TOO_LONG, violations);
        String conversationId = required(envelope.sessionId(), "sessionId", SESSION_ID_MAX_LENGTH,
                ViolationCode.SESSION_ID_MISSING, ViolationCode.SESSION_ID_TOO_LONG, violations);
        String replyTo = optional(envelope.replyTo(), "replyTo", REPLY_TO_MAX_LENGTH,
                ViolationCode.REPLY_TO_TOO_LONG, violations);
        String replyToSessionId = optional(envelope.replyToSessionId(), "replyToSessionId",
                REPLY_TO_SESSION_ID_MAX_LENGTH, ViolationCode.REPLY_TO_SESSION_ID_TOO_LONG, violations);
        checkContentType(envelope.contentType(), violations);
        String version = readVersion(envelope.applicationProperties(), violations);
        String traceparent = readTraceparent(envelope.applicationProperties(), violations);

        QuestionBodyReader.Result body = QuestionBodyReader.read(envelope.bodyWithoutCopy());
        violations.addAll(body.violations());

        if (!violations.isEmpty()) {
            return new QuestionReading.Invalid(violations, messageId, conversationId, replyTo, replyToSessionId,
                    body.channel());
        }
        return new QuestionReading.Valid(new Question(messageId, conversationId, replyTo, replyToSessionId, version,
                traceparent, body.body()));
    }

    /** The value if present and within {@code maxLength}, else {@code null} with a violation. */
    private static String required(String value, String field, int maxLength, ViolationCode missing,
                                   ViolationCode tooLong, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(missing, field, String.format(
                    "%s is missing; it is required: 1 to %,d characters", field, maxLength)));
            return null;
        }
        return withinLength(value, field, maxLength, tooLong, violations);
    }

    /** The value if present and within {@code maxLength}; {@code null} if blank, or with a violation if too long. */
    private static String optional(String value, String field, int maxLength, ViolationCode tooLong,
                                   List<Violation> violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return withinLength(value, field, maxLength, tooLong, violations);
    }

    private static String withinLength(String value, String field, int maxLength, ViolationCode tooLong,
                                       List<Violation> violations) {
        if (value.length() > maxLength) {
            violations.add(new Violation(tooLong, field, String.format(
                    "%s is %,d characters long; the limit is %,d characters", field, value.length(), maxLength)));
            return null;
        }
        return value;
    }

    private static void checkContentType(String contentType, List<Violation> violations) {
        if (contentType == null || contentType.isBlank() || isJson(contentType)) {
            return;
        }
        violations.add(new Violation(ViolationCode.CONTENT_TYPE_UNSUPPORTED, "contentType",
                "contentType is " + Printable.quote(contentType) + "; it must be " + ParleyProtocol.CONTENT_TYPE_JSON
                        + " (optionally with charset=utf-8) or absent"));
    }

    private static boolean isJson(String contentType) {
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(ParleyProtocol.CONTENT_TYPE_JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT).replace("\"", "");
            if (!parameter.equals("charset=utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static String readVersion(Map<String, Object> properties, List<Violation> violations) {
        String field = "applicationProperties." + ParleyProtocol.VERSION_PROPERTY;
        Object value = properties.get(ParleyProtocol.VERSION_PROPERTY);
        if (value == null) {
            violations.add(new Violation(ViolationCode.VERSION_MISSING, field,
                    field + " is missing; it is required: one of " + supportedVersions()));
            return null;
        }
        String version = (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) ? value.toString() : value instanceof String s ? s : null;
        if (version == null || !ParleyProtocol.SUPPORTED_VERSIONS.contains(version)) {
            String got = value instanceof String || version != null ? Printable.quote(value)
                    : "a " + value.getClass().getSimpleName();
            violations.add(new Violation(ViolationCode.VERSION_UNSUPPORTED, field,
                    field + " is " + got + "; supported: " + supportedVersions()));
            return null;
        }
        return version;
    }

    private static String supportedVersions() {
        return String.join(", ", new TreeSet<>(ParleyProtocol.SUPPORTED_VERSIONS));
    }

    private static String readTraceparent(Map<String, Object> properties, List<Violation> violations) {
        String field = "applicationProperties." + ParleyProtocol.TRACEPARENT_PROPERTY;
        Object value = properties.get(ParleyProtocol.TRACEPARENT_PROPERTY);
        if (value == null) {
            return null;
        }
        if (value instanceof String s && TRACEPARENT.matcher(s).matches()) {
            return s;
        }
        violations.add(new Violation(ViolationCode.TRACEPARENT_INVALID, field,
                field + " is " + Printable.quote(value) + "; it must be W3C trace context"
                        + " 00-<32 lower-case hex>-<16 lower-case hex>-<2 lower-case hex> with non-zero ids, or absent"));
        return null;
    }
}
