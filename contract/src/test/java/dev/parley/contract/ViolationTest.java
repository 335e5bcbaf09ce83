package dev.parley.contract;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViolationTest {

    static final Violation MISSING_TEXT = new Violation(ViolationCode.TEXT_MISSING, "body.text", "body.text is missing");

    @Test
    void describeNamesEachViolationOnOneLine() {
        String description = Violation.describe(List.of(MISSING_TEXT,
                new Violation(ViolationCode.SESSION_ID_MISSING, "sessionId", "sessionId is missing")));

        assertThat(description).isEqualTo("2 violations: TEXT_MISSING body.text: body.text is missing; "
                + "SESSION_ID_MISSING sessionId: sessionId is missing");
    }

    @Test
    void describeCountsOneViolationInTheSingular() {
        assertThat(Violation.describe(List.of(MISSING_TEXT)))
                .isEqualTo("1 violation: TEXT_MISSING body.text: body.text is missing");
    }

    @Test
    void describeKeepsToOneLineWhateverTheMessages() {
        Violation multiLine = new Violation(ViolationCode.FIELD_INVALID, "body.text", "first\r\nsecond\tthird");

        assertThat(Violation.describe(List.of(multiLine))).doesNotContain("\n", "\r", "\t")
                .endsWith("first  second third");
    }

    @Test
    void describeFitsADeadLetterDescription() {
        List<Violation> many = Collections.nCopies(200, MISSING_TEXT);

        String description = Violation.describe(many);

        assertThat(description).hasSize(ParleyProtocol.DEAD_LETTER_DESCRIPTION_MAX_LENGTH)
                .startsWith("200 violations: ").endsWith("...");
    }

    @Test
    void quotedValuesAreCutSoADescriptionNeverCarriesAQuestion() {
        QuestionReading.Invalid invalid = QuestionReaderTest.invalid(QuestionReader.read(Envelopes.valid()
                .contentType("x".repeat(1_000))
                .build()));

        assertThat(invalid.violations().getFirst().message()).contains("\"" + "x".repeat(64) + "...\"")
                .doesNotContain("x".repeat(65));
    }
}
