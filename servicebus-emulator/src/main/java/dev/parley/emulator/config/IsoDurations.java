package dev.parley.emulator.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ISO-8601 durations as Service Bus writes them, including date parts (P1D, P1Y2M: years 365 d, months 30 d). */
public final class IsoDurations {
    private static final Pattern DATE_PART = Pattern.compile("P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(T.*)?");

    private IsoDurations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        Matcher m = DATE_PART.matcher(s);
        if (!m.matches() || s.equals("P") || s.endsWith("T")) {
            throw new IllegalArgumentException("not an ISO-8601 duration: " + text);
        }
        long days = number(m.group(1)) * 365 + number(m.group(2)) * 30 + number(m.group(3)) * 7 + number(m.group(4));
        Duration time = m.group(5) == null ? Duration.ZERO : Duration.parse("P" + m.group(5));
        return Duration.ofDays(days).plus(time);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
