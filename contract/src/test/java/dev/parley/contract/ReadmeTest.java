package dev.parley.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README is what integrators code against: its examples and tables must be what the code does. */
class ReadmeTest {

    static final String README = read(Path.of("README.md"));

    static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(path.toAbsolutePath().toString(), e);
        }
    }

    static String exampleText(String name) {
        return read(Path.of("src/test/resources/dev/parley/contract/examples", name)).strip();
    }

    @Test
    void theExamplesAreTheTestedExampleFiles() {
        for (String name : new String[]{"question.json", "answered-reply.json", "rejected-reply.json"}) {
            assertThat(README).as(name).contains("```json\n" + exampleText(name) + "\n```");
        }
    }

    @Test
    void theRejectedExampleIsWhatTheReaderProducesForATooLongText() {
        ObjectNode question = (ObjectNode) SchemaTest.example("question.json");
        question.put("text", "t".repeat(9_214));
        QuestionEnvelope envelope = Envelopes.valid().body(question.toString()).build();

        QuestionReading.Invalid invalid = QuestionReaderTest.invalid(QuestionReader.read(envelope));

        JsonNode written = SchemaTest.tree(ParleyJson.write(invalid.rejection()));
        assertThat(written).isEqualTo(SchemaTest.example("rejected-reply.json"));
    }

    @Test
    void theDocumentedDeadLetterDescriptionIsTheRealOne() {
        QuestionEnvelope envelope = Envelopes.valid().sessionId("s".repeat(200)).body("{}").build();

        String description = QuestionReaderTest.invalid(QuestionReader.read(envelope)).description();

        assertThat(README).contains("`" + description + "`");
    }

    @Test
    void theDocumentedReplyIdIsTheRealOne() {
        assertThat(README).contains("question `q-1` gets reply `" + Reply.messageIdFor("q-1") + "`")
                .contains("`messageId` `" + Reply.messageIdFor("q-1") + "`")
                .contains("namespace `" + Reply.REPLY_ID_NAMESPACE + "`");
    }

    @Test
    void theSendSnippetIsTheCompiledAndTestedOne() {
        String source = read(Path.of("src/test/java/dev/parley/contract/SendQuestionExample.java"));
        String snippet = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(),
                source.indexOf("    // README:end"));
        String dedented = snippet.lines().map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n")).strip();

        assertThat(README).contains("```java\n" + dedented + "\n```");
    }

    @Test
    void everyViolationCodeIsDocumented() {
        Arrays.stream(ViolationCode.values())
                .forEach(code -> assertThat(README).contains("| `" + code.name() + "` |"));
    }

    @Test
    void everyProtocolNameIsDocumented() throws IllegalAccessException {
        for (Field field : ParleyProtocol.class.getFields()) {
            if (field.get(null) instanceof String value) {
                assertThat(README).as(field.getName()).contains("`" + value + "`");
            }
        }
    }

    @Test
    void everyLimitIsDocumented() {
        assertThat(README)
                .contains("1 to 128 characters", "at most 260 characters", "at most 65,536 bytes",
                        "1 to 8,000 characters", "`id` (string, at most 128 characters)",
                        "`displayName` (string, at most 256 characters)", "at most 4,096 characters");
        assertThat(QuestionLimits.MESSAGE_ID_MAX_LENGTH).isEqualTo(128);
        assertThat(QuestionLimits.SESSION_ID_MAX_LENGTH).isEqualTo(128);
        assertThat(QuestionLimits.REPLY_TO_SESSION_ID_MAX_LENGTH).isEqualTo(128);
        assertThat(QuestionLimits.REPLY_TO_MAX_LENGTH).isEqualTo(260);
        assertThat(QuestionLimits.BODY_MAX_BYTES).isEqualTo(65_536);
        assertThat(QuestionLimits.TEXT_MAX_LENGTH).isEqualTo(8_000);
        assertThat(QuestionLimits.USER_ID_MAX_LENGTH).isEqualTo(128);
        assertThat(QuestionLimits.USER_DISPLAY_NAME_MAX_LENGTH).isEqualTo(256);
        assertThat(ParleyProtocol.DEAD_LETTER_DESCRIPTION_MAX_LENGTH).isEqualTo(4_096);
    }
}
