package dev.parley.contract;

/** Makes untrusted values safe to quote in a one-line message. */
final class Printable {

    /** Quoted values are cut to this many characters: enough to recognise, too short to carry a question. */
    static final int QUOTE_MAX_LENGTH = 64;

    private Printable() {
    }

    /** {@code value} in double quotes, cut to {@link #QUOTE_MAX_LENGTH} characters, on one line. */
    static String quote(Object value) {
        String text = String.valueOf(value);
        if (text.length() > QUOTE_MAX_LENGTH) {
            text = text.substring(0, QUOTE_MAX_LENGTH) + "...";
        }
        return "\"" + oneLine(text) + "\"";
    }

    /** {@code text} with every control character (line breaks included) replaced by a space. */
    static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString();
    }
}
