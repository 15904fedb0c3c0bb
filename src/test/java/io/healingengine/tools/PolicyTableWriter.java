package io.healingengine.tools;

import io.healingengine.tools.SheetKit.Kind;

import io.healingengine.domain.ActionKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the first version of {@code decision-tables/policies/Policies.drl.xlsx}: ARF's five default
 * healing policies as a Drools decision table, with a glossary for business analysts above it.
 *
 * <p><b>Analysts own the XLSX afterwards.</b> This generator is kept only so that the initial workbook
 * can be reproduced and its layout reviewed; running it again overwrites every edit made in the
 * spreadsheet since. Change policies in the spreadsheet itself, then refresh the reviewable rendering
 * {@code docs/rules/policies.generated.drl} with
 * {@code mvn test -Dtest=DecisionTableGoldenTest -Dupdate.golden=true}.
 *
 * <p>Layout notes for whoever edits the sheet by hand:
 * <ul>
 *   <li>Every row above the {@code RuleTable} cell is read as a key/value property (first non-empty
 *       cell = key, case-insensitive). A glossary row keyed exactly {@code Enabled} silently adds
 *       {@code enabled false} to the whole rule set, one keyed {@code Priority} fails the parse ("Priority
 *       is not an integer literal"), so the glossary keys carry their column letter ("K · Priority").</li>
 *   <li>Condition columns are deliberately <em>not</em> merged in the object-type row: each column is
 *       then its own pattern, and an empty cell drops that whole pattern. Merged object-type cells
 *       would put the snippets into one pattern.</li>
 *   <li>Numbers stay in the "General" format: for whole numbers Drools uses the displayed text, so a
 *       "0.00" format would turn 500 into {@code 500.00}.</li>
 *   <li>The table ends at the first empty row.</li>
 * </ul>
 */
public final class PolicyTableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyTableWriter.class);

    static final String SHEET = "Policies";

    /** One column of the rule table: header keyword, object type, code snippet, label, width, glossary text. */
    private record Column(Kind kind, String header, String objectType, String code, String label, int width,
                          String help) implements SheetKit.Column {
    }

    /** One policy row; {@code null} means an empty cell ("no condition" / default). */
    private record Policy(String id, Object... cells) {
    }

    private static final String METRIC_CODE = "serviceId == $sid, metric == \"%s\", value %s $param";

    private static final List<Column> COLUMNS = List.of(
            new Column(Kind.ATTRIBUTE, "NAME", null, null, "Policy id", 26,
                    "Stable id of the policy: lowercase words joined by hyphens, e.g. critical-latency-spike. Logs, "
                            + "metrics and the audit trail use it exactly as written, so never rename an existing "
                            + "policy. Required and unique."),
            new Column(Kind.ATTRIBUTE, "ENABLED", null, null, "Enabled", 10,
                    "true or false. false switches the policy off without deleting its row."),
            new Column(Kind.CONDITION, "CONDITION", "$svc : ManagedService", "$sid : id, appliesTo(\"$param\")",
                    "Applies to tiers", 14,
                    "Which service tiers the policy covers: any (all tiers), or tier names separated by commas, "
                            + "e.g. critical, standard."),
            metric("$latencyAbove", "latency_p99", ">", "Latency p99 above (ms)",
                    "Matches while the service's 99th-percentile latency is greater than this many milliseconds."),
            metric("$latencyBelow", "latency_p99", "<", "Latency p99 below (ms)",
                    "Matches while the 99th-percentile latency is less than this many milliseconds. With the "
                            + "column before it, gives a band: above 300 and below 500."),
            metric("$errorRateAbove", "error_rate", ">", "Error rate above (fraction)",
                    "Share of failed requests, as a fraction: 0.15 means 15 %. Matches while the error rate is "
                            + "greater."),
            metric("$throughputAbove", "throughput", ">", "Throughput above (req/s)",
                    "Requests per second. Matches while throughput is greater, e.g. to act on errors only when "
                            + "the service has real traffic."),
            metric("$throughputBelow", "throughput", "<", "Throughput below (req/s)",
                    "Requests per second. Matches while throughput is less (possible hang or deadlock)."),
            metric("$cpuAbove", "cpu_util", ">", "CPU above (fraction)",
                    "CPU utilisation as a fraction: 0.9 means 90 %. Matches while it is greater."),
            metric("$memoryAbove", "memory_util", ">", "Memory above (fraction)",
                    "Memory utilisation as a fraction: 0.85 means 85 %. Matches while it is greater."),
            new Column(Kind.CONDITION, "CONDITION", "$failures : MetricState",
                    "serviceId == $sid, metric == \"failures:$1\", value >= $2",
                    "Failures in the last minute (class, at least)", 18,
                    "A failure class of the error taxonomy (decision-tables/errors) and a count, separated by a "
                            + "comma: out-of-memory, 2 matches while the service reported at least 2 errors of "
                            + "that class in the last 60 seconds. It stops matching when they age out, so give such "
                            + "a policy a validation window longer than a minute."),
            metric("$probeSlow", "probe:latency-ms-min3", ">", "Liveness probe slower than (ms, 3 in a row)",
                    "Only for services the engine supervises (inventory supervise.probe). Matches while each of "
                            + "the last 3 passing liveness probes took more than this many milliseconds: alive "
                            + "but slow. A failing probe is not counted here: a process whose probe fails "
                            + "failureThreshold times in a row is down, and the engine restarts it without any "
                            + "policy."),
            new Column(Kind.ACTION, "ACTION", null,
                    "PolicyMatch match = new PolicyMatch($sid, drools.getRule().getName()); "
                            + "match.setPriority($param);",
                    "Priority", 12,
                    "Whole number from 1 to 10; when several policies match one service, the higher priority "
                            + "acts first. Required."),
            new Column(Kind.ACTION, "ACTION", null, "match.setCooldownSeconds($param);", "Cooldown (s)", 11,
                    "Seconds to wait after this policy acted on a service before it may act on it again. "
                            + "Empty means 300."),
            new Column(Kind.ACTION, "ACTION", null, "match.setValidationSeconds($param);",
                    "Validation window (s)", 12,
                    "Seconds after the action at the end of which the prediction is checked. Empty means 60."),
            new Column(Kind.ACTION, "ACTION", null, "match.setPrediction(\"$param\");", "Prediction", 52,
                    "Plain-words expectation checked at the end of the validation window, e.g. \"latency_p99 "
                            + "below 500 ms within 30 s\". Optional."),
            new Column(Kind.ACTION, "ACTION", null, "match.setDryRun($param);", "Dry run", 10,
                    "true: the policy decides and its decisions are recorded, but nothing is executed (a safe way "
                            + "to try a new policy on production signals). Empty means false."),
            new Column(Kind.ACTION, "ACTION", null, "match.setActions(\"$param\"); insertLogical(match);",
                    "Action ladder", 24,
                    "The actions to try, in order, separated by commas: the next one runs only if the one "
                            + "before did not heal the service, e.g. restart, alert-oncall. Valid action ids: "
                            + ActionKind.ladderIds() + ". Required."));

    private static final List<Policy> POLICIES = List.of(
            new Policy("critical-latency-spike", "true", "any", 500, null, null, null, null, null, null, null, null,
                    10, 300, 30, "latency_p99 below 500 ms within 30 s", "false", "restart, alert-oncall"),
            new Policy("high-error-rate", "true", "any", null, null, 0.15, 100, null, null, null, null, null,
                    9, 300, 30, "error_rate below 0.15 within 30 s", "false", "circuit-break, fallback"),
            new Policy("resource-exhaustion", "true", "any", null, null, null, null, null, 0.9, 0.85, null, null,
                    7, 300, 60, "cpu_util below 0.9 or memory_util below 0.85 within 60 s", "false", "scale-up, restart"),
            new Policy("moderate-latency", "true", "any", 300, 500, null, null, null, null, null, null, null,
                    5, 300, 30, "latency_p99 below 300 ms within 30 s", "false", "scale-up"),
            new Policy("throughput-drop", "true", "any", null, null, null, null, 500, null, null, null, null,
                    4, 300, 30, "throughput above 500 req/s within 30 s", "false", "restart"),
            new Policy("repeated-out-of-memory", "true", "any", null, null, null, null, null, null, null,
                    "out-of-memory, 2", null, 6, 600, 90, "no out-of-memory error for 60 s after the restart", "false",
                    "restart, alert-oncall"),
            new Policy("slow-liveness-probe", "true", "critical", null, null, null, null, null, null, null, null,
                    800, 3, 600, 60, "liveness probe under 800 ms within 60 s", "false", "scale-up, alert-oncall"));

    private static final List<String[]> GENERAL_HELP = List.of(
            new String[] {"Empty cell",
                "An empty condition cell means \"no condition\": that metric is not checked by this policy. "
                        + "Every filled condition of a row must hold at the same time, for the same service."},
            new String[] {"Adding a policy",
                "Add a row directly below the last policy: an empty row ends the table. Fill in at least "
                        + "Policy id, Enabled, Applies to tiers, Priority and Action ladder."},
            new String[] {"Grey rows",
                "The grey rows at the top of the table are the code the engine builds its rules from. Do not "
                        + "edit them; ask an engineer. After any change, the build shows the generated rules in "
                        + "docs/rules/policies.generated.drl for review."});

    private PolicyTableWriter() {
    }

    private static Column metric(String binding, String metric, String operator, String label, String help) {
        return new Column(Kind.CONDITION, "CONDITION", binding + " : MetricState",
                METRIC_CODE.formatted(metric, operator), label, 13, help);
    }

    public static void main(String[] args) throws IOException {
        Path out = SheetKit.save(build(), args, PolicyTableWriter.class);
        LOG.info("wrote {} policies to {}", POLICIES.size(), out);
    }

    static XSSFWorkbook build() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetKit kit = SheetKit.sheet(wb, SHEET, COLUMNS);
        int r = kit.glossary("Healing policies", "Each row of the table at the bottom is one healing policy: when all "
                + "its conditions hold for a service, the engine proposes the policy's actions for that service. "
                + "Conditions compare the latest value of one metric of one service; they stop matching as soon "
                + "as the metric recovers.", "What it means, units, how to fill it in", COLUMNS, GENERAL_HELP);
        kit.property(r++, "RuleSet", "healing.policies");
        kit.property(r++, "Import", "io.healingengine.domain.*");
        kit.property(r++, "Notes", "Generated once by io.healingengine.tools.PolicyTableWriter; owned by "
                + "the analysts since. Each matching row inserts a PolicyMatch for the service.");
        // Sequential: the rows get the highest saliences (65535 down), so the facts they insert are in
        // place before any DRL rule reacts to their absence — also right after a deploy rebuilds the rules.
        kit.property(r++, "Sequential", "true");
        r = kit.ruleTable(r, "Policies", COLUMNS, 24, 100, 44);
        for (Policy policy : POLICIES) {
            kit.rule(r++, policy.id(), policy.cells(), c -> kit.styles().data);
        }
        return wb;
    }
}
