package io.healingengine.rules;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Maps a line of the DRL that a decision table generates back to the sheet row it came from, using the
 * "// rule values at A34, header at A29" comment Drools writes above every generated rule.
 */
final class DecisionTableLocator {
    private static final Pattern ROW = Pattern.compile("// rule values at ([A-Z]+)(\\d+)");
    private static final Pattern RULE = Pattern.compile("^rule \"([^\"]+)\"");
    private final List<String> lines;
    private final String sheet;

    private DecisionTableLocator(List<String> lines, String sheet) {
        this.lines = lines;
        this.sheet = sheet;
    }

    /** Generates the table's DRL; empty if the table cannot even be turned into DRL. */
    static Optional<DecisionTableLocator> of(byte[] workbook, String sheet) {
        try {
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(workbook), InputType.XLS);
            return Optional.of(new DecisionTableLocator(drl.lines().toList(), sheet));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "sheet S, row N (rule R)" for a 1-based line of the generated DRL, or "" if it lies before every rule. */
    String locate(int line) {
        String row = null;
        String rule = null;
        for (int i = 0; i < Math.min(line, lines.size()); i++) {
            Matcher rowMatch = ROW.matcher(lines.get(i));
            if (rowMatch.find()) {
                row = rowMatch.group(2);
                rule = null;
            }
            Matcher ruleMatch = RULE.matcher(lines.get(i));
            if (ruleMatch.find()) {
                rule = ruleMatch.group(1);
            }
        }
        if (row == null) {
            return "";
        }
        return (sheet == null ? "" : "sheet " + sheet + ", ") + "row " + row + (rule == null ? "" : " (rule " + rule + ")");
    }
}
