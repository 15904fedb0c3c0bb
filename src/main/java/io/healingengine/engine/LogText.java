package io.healingengine.engine;

/** Keeps free text on one log line: no line breaks, no unescaped quotes, bounded length. */
final class LogText {
    private static final int MAX = 500;

    private LogText() {
    }

    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replace('\r', ' ').replace('\n', ' ').replace("\"", "'");
        return oneLine.length() > MAX ? oneLine.substring(0, MAX) + "…" : oneLine;
    }
}
