package io.healingengine.simulation;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads "250ms", "1.5s", "2m", "1h" into milliseconds. */
final class Durations {
    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)\\s*");

    private Durations() {
    }

    static long millis(String text, String what) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(what + " must be a duration like 250ms, 1.5s, 2m or 1h, but was '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        return Math.round(switch (m.group(2)) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
        });
    }
}
