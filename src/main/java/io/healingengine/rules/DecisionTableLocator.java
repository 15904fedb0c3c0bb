package io.healingengine.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.util.CellReference;

/**
 * Maps a compiler message about the DRL a decision table generates back to the cell an analyst edits:
 * the sheet, the row (from the "// rule values at A34, header at A29" comment Drools writes above every
 * generated rule), and the column whose cell produced the line in error. Which cell produced which line
 * is found by generating the table again with that cell changed ({@link CellAttribution}); when the line
 * comes from several cells, the message's character position or the token it names decides. A column
 * is named only when exactly one cell fits: otherwise the location stops at the row.
 */
final class DecisionTableLocator {
    private static final Pattern RULE_VALUES = Pattern.compile("// rule values at ([A-Z]+)(\\d+), header at ([A-Z]+)(\\d+)");
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** Drools' RuleTable layout: the column descriptions are the fourth row below the RuleTable cell. */
    private static final int LABEL_ROW_OFFSET = 4;
    /** Where the message quotes the expression in error (used when it gives no line). */
    private static final List<Pattern> EXPRESSIONS = List.of(
            Pattern.compile("Unable to Analyse Expression (.+?):?\\s*$", Pattern.MULTILINE),
            Pattern.compile("Unable to parse left part of expression: (.+?)\\s*$", Pattern.MULTILINE),
            Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.\\}\\]"));
    private static final Pattern PARSER_POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");
    private static final Pattern CONSEQUENCE_POSITION = Pattern.compile("consequence.*?\\(line (\\d+),\\s*col (\\d+)\\)",
            Pattern.DOTALL);
    private static final Pattern DUPLICATE_NAME = Pattern.compile("Duplicate rule name: (.+)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;?");
    private static final Pattern FAILED_CELL = Pattern.compile("\\bcells? \\[?([A-Z]{1,3})(\\d+)\\b");

    /** One generated rule: its DRL lines [first, end), the sheet row it comes from and its RuleTable cell. */
    record Block(int first, int end, int row, int headerRow, String rule, int ruleLine, int thenLine) {
    }

    private final TableRecording table;
    private final List<String> lines;
    private final List<Block> blocks;
    private final CellAttribution attribution;
    private final Map<Integer, Map<Integer, CellAttribution.Produced>> producedByRow = new HashMap<>();

    private DecisionTableLocator(TableRecording table) {
        this.table = table;
        this.lines = table.drl() == null ? List.of() : table.drl().lines().toList();
        this.blocks = blocks(lines);
        this.attribution = new CellAttribution(table, lines);
    }

    /** Reads the table; empty if the file is not a table Drools could even open. */
    static Optional<DecisionTableLocator> of(String resource, byte[] content) {
        return TableRecording.of(resource, content).map(DecisionTableLocator::new);
    }

    /**
     * "sheet S, row N, column X "description" (rule R)" for a message about a line (1-based; 0 or less when
     * the compiler gave none) of the generated DRL; as much of it as can be told for sure, "" if nothing.
     */
    String locate(int line, String message) {
        int index = line > 0 ? line - 1 : lineQuotedIn(message);
        Block block = index < 0 ? null : blockAt(index);
        if (block == null) {
            return sheetPrefix().replaceFirst(", $", "");
        }
        OptionalInt column = columnOf(block, index, message);
        return describe(block.row(), column, block.headerRow()) + (block.rule() == null ? "" : " (rule " + block.rule() + ")");
    }

    /** Whether Drools could not even turn the table into DRL. */
    boolean unreadable() {
        return table.failure() != null;
    }

    /** Where Drools stopped reading the table (the cell its exception names), or "" if it names none. */
    String locateFailure() {
        if (table.failure() == null) {
            return "";
        }
        Matcher cell = FAILED_CELL.matcher(failureMessage());
        if (!cell.find()) {
            return sheetPrefix().replaceFirst(", $", "");
        }
        int row = Integer.parseInt(cell.group(2)) - 1;
        int column = CellReference.convertColStringToIndex(cell.group(1));
        return describe(row, OptionalInt.of(column), ruleTableAbove(row));
    }

    /** Drools' own words for why it could not read the table. */
    String failureMessage() {
        Throwable cause = table.failure();
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** The package the table's rules are generated in ("healing.policies"), or "" if unknown. */
    String packageName() {
        return lines.stream().map(PACKAGE::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst().orElse("");
    }

    /**
     * For a message that names no table line at all (an error in the Java the executable model generates):
     * the one cell of the table whose value holds the token the message complains about, or empty.
     */
    Optional<String> locateByToken(String message) {
        List<String> found = new ArrayList<>();
        for (Block block : blocks) {
            Map<Integer, CellAttribution.Produced> produced = produced(block);
            List<Integer> ruleLines = new ArrayList<>();
            for (int i = Math.max(block.first(), block.ruleLine()) + 1; i < block.end(); i++) {
                ruleLines.add(i); // not the rule's name: the token must come from a condition or an action
            }
            attribution.cellHoldingToken(produced.values(), ruleLines, message, true).ifPresent(column ->
                    found.add(describe(block.row(), OptionalInt.of(column), block.headerRow())
                            + (block.rule() == null ? "" : " (rule " + block.rule() + ")")));
        }
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private OptionalInt columnOf(Block block, int index, String message) {
        Map<Integer, CellAttribution.Produced> produced = produced(block);
        int charPosition = -1;
        Matcher position = PARSER_POSITION.matcher(message);
        Matcher consequence = CONSEQUENCE_POSITION.matcher(message);
        if (position.find() && Integer.parseInt(position.group(1)) == index + 1) {
            charPosition = Integer.parseInt(position.group(2)); // the parser's position on that very line
        } else if (index == block.ruleLine()) {
            // Rule-level messages: about the rule's name, or about its consequence as a whole.
            if (DUPLICATE_NAME.matcher(message).find()) {
                return only(producers(produced, index));
            } else if (consequence.find() && block.thenLine() >= 0) {
                index = block.thenLine() + Integer.parseInt(consequence.group(1)) - 1;
                charPosition = Integer.parseInt(consequence.group(2)) - 1;
            } else {
                // A consequence the Java compiler rejected, reported on the rule line: its token says where.
                List<Integer> consequenceLines = new ArrayList<>();
                for (int i = block.thenLine() + 1; block.thenLine() >= 0 && i < block.end(); i++) {
                    consequenceLines.add(i);
                }
                return toInt(attribution.cellHoldingToken(produced.values(), consequenceLines, message, false));
            }
        }
        List<CellAttribution.Produced> candidates = producers(produced, index);
        if (candidates.size() <= 1) {
            return only(candidates);
        }
        final int line = index;
        final int at = charPosition;
        List<CellAttribution.Produced> containing = candidates.stream().filter(p -> p.covers(line, at)).toList();
        if (containing.size() == 1) {
            return only(containing);
        }
        return toInt(attribution.cellHoldingToken(candidates, List.of(line), message, false));
    }

    private static List<CellAttribution.Produced> producers(Map<Integer, CellAttribution.Produced> produced, int line) {
        return produced.values().stream().filter(p -> p.spans().containsKey(line)).toList();
    }

    private static OptionalInt only(List<CellAttribution.Produced> candidates) {
        return candidates.size() == 1 ? OptionalInt.of(candidates.get(0).column()) : OptionalInt.empty();
    }

    private static OptionalInt toInt(Optional<Integer> column) {
        return column.map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private Map<Integer, CellAttribution.Produced> produced(Block block) {
        return producedByRow.computeIfAbsent(block.row(), row -> attribution.producedBy(row, block));
    }

    /** "sheet S, row N" plus ", column X "description"" when the column is known. */
    private String describe(int row, OptionalInt column, int headerRow) {
        StringBuilder where = new StringBuilder(sheetPrefix()).append("row ").append(row + 1);
        if (column.isPresent()) {
            where.append(", column ").append(CellReference.convertNumToColString(column.getAsInt()));
            String label = headerRow < 0 || row <= headerRow ? null
                    : table.value(headerRow + LABEL_ROW_OFFSET, column.getAsInt());
            if (label != null) {
                where.append(" \"").append(label.strip().replaceAll("\\s+", " ")).append('"');
            }
        }
        return where.toString();
    }

    private String sheetPrefix() {
        return table.sheet() == null ? "" : "sheet " + table.sheet() + ", ";
    }

    /** The 0-based row of the last RuleTable cell at or above {@code row}, or -1. */
    private int ruleTableAbove(int row) {
        int found = -1;
        for (int r = 0; r <= row; r++) {
            for (TableRecording.Event cell : table.cells(r)) {
                if (cell.value().strip().toLowerCase(java.util.Locale.ROOT).startsWith("ruletable")) {
                    found = r;
                }
            }
        }
        return found;
    }

    /** The one generated line that holds the expression the message quotes, or -1. */
    private int lineQuotedIn(String message) {
        for (Pattern pattern : EXPRESSIONS) {
            Matcher matcher = pattern.matcher(message);
            if (matcher.find()) {
                String expression = matcher.group(1).strip();
                List<Integer> holding = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(expression)) {
                        holding.add(i);
                    }
                }
                return holding.size() == 1 ? holding.get(0) : -1;
            }
        }
        return -1;
    }

    private Block blockAt(int index) {
        return blocks.stream().filter(b -> index >= b.first() && index < b.end()).findFirst().orElse(null);
    }

    static List<Block> blocks(List<String> lines) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (RULE_VALUES.matcher(lines.get(i)).find()) {
                starts.add(i);
            }
        }
        List<Block> blocks = new ArrayList<>();
        for (int b = 0; b < starts.size(); b++) {
            int first = starts.get(b);
            int end = b + 1 < starts.size() ? starts.get(b + 1) : lines.size();
            Matcher values = RULE_VALUES.matcher(lines.get(first));
            values.find();
            String rule = null;
            int ruleLine = -1;
            int thenLine = -1;
            for (int i = first; i < end; i++) {
                Matcher name = RULE.matcher(lines.get(i));
                if (ruleLine < 0 && name.find()) {
                    rule = name.group(1);
                    ruleLine = i;
                } else if (thenLine < 0 && lines.get(i).strip().equals("then")) {
                    thenLine = i;
                }
            }
            blocks.add(new Block(first, end, Integer.parseInt(values.group(2)) - 1, Integer.parseInt(values.group(4)) - 1,
                    rule, ruleLine, thenLine));
        }
        return blocks;
    }
}
