package io.healingengine.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cell of a decision-table row produced which generated DRL lines, and where on each line its value
 * landed. Found by generating the table again with the cell's value replaced by a marker (the lines that
 * change, and the stretch of each that changes); if that changes the rule's shape, by leaving the cell
 * empty instead (the lines that disappear or change, each as a whole). Works the same for condition,
 * action and attribute columns, as it only compares Drools' own output.
 */
final class CellAttribution {
    /** Never in a table, and taken verbatim by every kind of column (no comma, quote or blank). */
    private static final String MARKER = "\u00a4cell\u00a4";
    /** Tokens a compiler message names, in the order they are tried. */
    private static final List<Pattern> TOKENS = List.of(
            Pattern.compile("(\\S+) cannot be resolved"),
            Pattern.compile("The (?:method|constructor) (\\w+)\\("),
            Pattern.compile("strict-mode: [\\w.$]+\\.(\\w+)\\(\\)"),
            Pattern.compile("(?:mismatched|extraneous) input '([^']+)'"),
            Pattern.compile("no viable alternative at input '([^']+)'"),
            Pattern.compile("Syntax error on token \"([^\"]+)\""),
            Pattern.compile("Found \"([^\"]+)\""));

    /** The lines a cell produced: DRL line index → [start, end) of its value on that line. */
    record Produced(int column, Map<Integer, int[]> spans) {
        boolean covers(int line, int position) {
            int[] span = spans.get(line);
            return span != null && position >= span[0] && position < span[1];
        }
    }

    private final TableRecording table;
    private final List<String> lines;
    /** Replaying the recorded cells gives back exactly the DRL the compiler saw; if not, nothing is attributed. */
    private final boolean faithful;

    CellAttribution(TableRecording table, List<String> lines) {
        this.table = table;
        this.lines = lines;
        this.faithful = table.drl() != null && table.drlWith(-1, -1, null).map(table.drl()::equals).orElse(false);
    }

    /** Every non-blank cell of a row (0-based) that produced part of the block's lines, by column. */
    Map<Integer, Produced> producedBy(int row, DecisionTableLocator.Block block) {
        Map<Integer, Produced> produced = new LinkedHashMap<>();
        if (!faithful) {
            return produced;
        }
        for (TableRecording.Event cell : table.cells(row)) {
            Map<Integer, int[]> spans = marked(row, cell.column(), block);
            if (spans.isEmpty()) {
                spans = blanked(row, cell.column(), block);
            }
            if (!spans.isEmpty()) {
                produced.put(cell.column(), new Produced(cell.column(), spans));
            }
        }
        return produced;
    }

    /**
     * The one cell among {@code cells} whose value, on one of {@code onLines}, holds a token the message
     * names (outside string literals unless {@code evenInLiterals}); failing that, and only outside string
     * literals, the one cell whose line holds it at all. Empty when no token or more than one cell fits.
     */
    Optional<Integer> cellHoldingToken(Collection<Produced> cells, List<Integer> onLines, String message,
                                       boolean evenInLiterals) {
        for (String token : tokens(message)) {
            Set<Integer> inValue = new HashSet<>();
            Set<Integer> onLine = new HashSet<>();
            for (Produced cell : cells) {
                for (int line : onLines) {
                    int[] span = cell.spans().get(line);
                    if (span == null) {
                        continue;
                    }
                    String text = lines.get(line);
                    for (int at : occurrences(text, token)) {
                        if (!evenInLiterals && insideLiteral(text, at)) {
                            continue;
                        }
                        onLine.add(cell.column());
                        if (at >= span[0] && at + token.length() <= span[1]) {
                            inValue.add(cell.column());
                        }
                    }
                }
            }
            if (inValue.size() == 1) {
                return Optional.of(inValue.iterator().next());
            }
            if (!evenInLiterals && inValue.isEmpty() && onLine.size() == 1) {
                return Optional.of(onLine.iterator().next());
            }
        }
        return Optional.empty();
    }

    private Map<Integer, int[]> marked(int row, int column, DecisionTableLocator.Block block) {
        Map<Integer, int[]> spans = new LinkedHashMap<>();
        List<String> changed = blockLines(table.drlWith(row, column, MARKER), row);
        if (changed == null || changed.size() != block.end() - block.first()) {
            return spans;
        }
        for (int i = 0; i < changed.size(); i++) {
            String original = lines.get(block.first() + i);
            String now = changed.get(i);
            if (!original.equals(now)) {
                int prefix = 0;
                while (prefix < original.length() && prefix < now.length() && original.charAt(prefix) == now.charAt(prefix)) {
                    prefix++;
                }
                int suffix = 0;
                while (suffix < original.length() - prefix && suffix < now.length() - prefix
                        && original.charAt(original.length() - 1 - suffix) == now.charAt(now.length() - 1 - suffix)) {
                    suffix++;
                }
                spans.put(block.first() + i, new int[] {prefix, original.length() - suffix});
            }
        }
        return spans;
    }

    /** The block's lines that are gone or different when the cell is empty (longest common subsequence). */
    private Map<Integer, int[]> blanked(int row, int column, DecisionTableLocator.Block block) {
        Map<Integer, int[]> spans = new LinkedHashMap<>();
        List<String> without = blockLines(table.drlWith(row, column, null), row);
        List<String> original = lines.subList(block.first(), block.end());
        List<String> other = without == null ? List.of() : without;
        int[][] common = new int[original.size() + 1][other.size() + 1];
        for (int i = original.size() - 1; i >= 0; i--) {
            for (int j = other.size() - 1; j >= 0; j--) {
                common[i][j] = original.get(i).equals(other.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < original.size()) {
            if (j < other.size() && original.get(i).equals(other.get(j))) {
                i++;
                j++;
            } else if (j < other.size() && common[i][j + 1] >= common[i + 1][j]) {
                j++;
            } else {
                spans.put(block.first() + i, new int[] {0, original.get(i).length()});
                i++;
            }
        }
        return spans;
    }

    /** The lines of the rule generated from {@code row} in a regenerated DRL; null if there is none. */
    private static List<String> blockLines(Optional<String> drl, int row) {
        if (drl.isEmpty()) {
            return null;
        }
        List<String> all = drl.get().lines().toList();
        return DecisionTableLocator.blocks(all).stream().filter(b -> b.row() == row).findFirst()
                .map(b -> all.subList(b.first(), b.end())).orElse(null);
    }

    static List<String> tokens(String message) {
        List<String> tokens = new ArrayList<>();
        for (Pattern pattern : TOKENS) {
            Matcher matcher = pattern.matcher(message);
            while (matcher.find()) {
                String token = matcher.group(1).replaceAll("^['\"]|['\"]$", "");
                if (!token.isBlank() && !token.equals("<EOF>") && !tokens.contains(token)) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** Where the token occurs in the text; a word only as a whole word. */
    private static List<Integer> occurrences(String text, String token) {
        List<Integer> found = new ArrayList<>();
        boolean word = token.matches("\\w+");
        for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            boolean whole = !word || ((at == 0 || !isWordChar(text.charAt(at - 1)))
                    && (at + token.length() == text.length() || !isWordChar(text.charAt(at + token.length()))));
            if (whole) {
                found.add(at);
            }
        }
        return found;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Whether the character at {@code at} lies inside a "…" or '…' literal of a DRL or Java line. */
    static boolean insideLiteral(String text, int at) {
        char open = 0;
        for (int i = 0; i < at && i < text.length(); i++) {
            char c = text.charAt(i);
            if (open != 0 && c == '\\') {
                i++;
            } else if (open == 0 && (c == '"' || c == '\'')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        return open != 0;
    }
}
