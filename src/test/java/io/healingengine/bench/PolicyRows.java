package io.healingengine.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * The rows of a policy workbook as the rules see them, read back from the DRL the workbook generates (as
 * {@code simulation.PolicyConditions} does): each row's name, whether it is enabled, the tiers it applies to
 * and its metric conditions, the {@code failures:<class>} column included. What the Java baseline evaluates,
 * and what tests check a variant against.
 */
public record PolicyRows(String drl, List<Row> rows) {
    private static final Pattern RULE = Pattern.compile("^rule \"([^\"]+)\"");
    private static final Pattern ENABLED = Pattern.compile("^enabled (true|false)");
    private static final Pattern APPLIES_TO = Pattern.compile(
            "ManagedService\\(\\$sid : id, appliesTo\\(\"([^\"]*)\"\\)\\)");
    private static final Pattern CONDITION = Pattern.compile(
            "MetricState\\(serviceId == \\$sid, metric == \"([^\"]+)\", value (>=|<=|>|<|==) ([-0-9.Ee]+)\\)");

    /** One policy row. {@code tiers} is the "Applies to tiers" cell as {@code ManagedService.appliesTo} reads it. */
    public record Row(String id, boolean enabled, String tiers, List<Condition> conditions) {
    }

    /** One metric condition of a row. */
    public record Condition(String metric, String operator, double threshold) {
        public boolean holds(double value) {
            return switch (operator) {
                case ">" -> value > threshold;
                case ">=" -> value >= threshold;
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                default -> value == threshold;
            };
        }
    }

    public static PolicyRows of(Path workbook) {
        try {
            return of(Files.readAllBytes(workbook));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PolicyRows of(byte[] workbook) {
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(workbook), InputType.XLS);
        List<Row> rows = new ArrayList<>();
        String id = null;
        boolean enabled = true;
        String tiers = null;
        List<Condition> conditions = new ArrayList<>();
        for (String line : drl.lines().map(String::trim).toList()) {
            Matcher rule = RULE.matcher(line);
            if (rule.find()) {
                id = rule.group(1);
                enabled = true;
                tiers = null;
                conditions = new ArrayList<>();
                continue;
            }
            if (id == null) {
                continue;
            }
            Matcher enabledLine = ENABLED.matcher(line);
            Matcher appliesTo = APPLIES_TO.matcher(line);
            Matcher condition = CONDITION.matcher(line);
            if (enabledLine.find()) {
                enabled = Boolean.parseBoolean(enabledLine.group(1));
            } else if (appliesTo.find()) {
                tiers = appliesTo.group(1);
            } else if (condition.find()) {
                conditions.add(new Condition(condition.group(1), condition.group(2),
                        Double.parseDouble(condition.group(3))));
            } else if (line.equals("end")) {
                rows.add(new Row(id, enabled, tiers, List.copyOf(conditions)));
                id = null;
            }
        }
        return new PolicyRows(drl, List.copyOf(rows));
    }

    public List<String> ids() {
        return rows.stream().map(Row::id).toList();
    }
}
