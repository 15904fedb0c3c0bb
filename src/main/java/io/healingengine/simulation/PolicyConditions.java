package io.healingengine.simulation;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * The metric conditions of each policy row, read from the DRL a policy workbook generates (patterns like
 * {@code MetricState(serviceId == $sid, metric == "latency_p99", value > 500)}), so that a simulation can
 * say which condition of a row missed.
 */
final class PolicyConditions {
    private static final Pattern RULE = Pattern.compile("^rule \"([^\"]+)\"");
    private static final Pattern CONDITION = Pattern.compile(
            "MetricState\\(serviceId == \\$sid, metric == \"([^\"]+)\", value (>=|<=|>|<|==) ([-0-9.Ee]+)\\)");

    /** One condition of a row. */
    record Condition(String metric, String operator, double threshold) {
        boolean holds(double value) {
            return switch (operator) {
                case ">" -> value > threshold;
                case ">=" -> value >= threshold;
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                default -> value == threshold;
            };
        }

        /** Missed, but by no more than a tenth of the threshold. */
        boolean nearly(double value) {
            return !holds(value) && Math.abs(value - threshold) <= Math.abs(threshold) * 0.1;
        }

        @Override
        public String toString() {
            return metric + " " + operator + " " + (threshold == Math.rint(threshold) ? String.valueOf((long) threshold)
                    : String.valueOf(threshold));
        }
    }

    private PolicyConditions() {
    }

    /** Policy name → its metric conditions, for every rule of the workbook that has any. */
    static Map<String, List<Condition>> of(byte[] workbook) {
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(workbook), InputType.XLS);
        Map<String, List<Condition>> policies = new LinkedHashMap<>();
        String current = null;
        for (String line : drl.lines().toList()) {
            Matcher rule = RULE.matcher(line.trim());
            if (rule.find()) {
                current = rule.group(1);
                continue;
            }
            Matcher condition = CONDITION.matcher(line);
            if (current != null && condition.find()) {
                policies.computeIfAbsent(current, k -> new ArrayList<>()).add(new Condition(condition.group(1),
                        condition.group(2), Double.parseDouble(condition.group(3))));
            }
        }
        return policies;
    }
}
