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
 * Writes the first version of {@code decision-tables/alerts/AlertPolicies.drl.xlsx}: which Prometheus alerts
 * (by alert name, severity and other labels, as Alertmanager's webhook reports them) open an incident, and
 * with which action ladder, as a Drools decision table with a glossary for business analysts above it.
 *
 * <p><b>Analysts own the XLSX afterwards.</b> This generator is kept only so that the initial workbook can be
 * reproduced and its layout reviewed; running it again overwrites every edit made in the spreadsheet since.
 * Change rows in the spreadsheet itself, then refresh the reviewable rendering
 * {@code docs/rules/alert-policies.generated.drl} with
 * {@code mvn test -Dtest=DecisionTableGoldenTest -Dupdate.golden=true}.
 *
 * <p>Layout notes for whoever edits the sheet by hand (see also {@link PolicyTableWriter}):
 * <ul>
 *   <li>The alert name, severity and other-labels columns share one merged object-type cell, {@code $a : Alert}:
 *       their constraints form one pattern. The alert-name column also carries the constraints every row needs
 *       (the alert fires, its episode is not settled, and {@code $sid} is its service), so it is required:
 *       a row without it does not compile ({@code $sid} is unknown), and {@code validate} names the cell.</li>
 *   <li>The tiers column is its own pattern ({@code ManagedService}); empty means any tier.</li>
 *   <li>The action columns build one {@code PolicyMatch} that names the alert by its fingerprint and insert it
 *       logically: it disappears by itself when the alert resolves or its episode is settled.</li>
 *   <li>{@code Sequential true}, as in the policies workbook: the rows' matches are in place before any DRL rule
 *       looks for their absence.</li>
 *   <li>The table ends at the first empty row.</li>
 * </ul>
 */
public final class AlertPolicyTableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPolicyTableWriter.class);

    static final String SHEET = "AlertPolicies";

    /** One column of the rule table: header keyword, object type, code snippet, label, width, glossary text. */
    private record Column(Kind kind, String header, String objectType, String code, String label, int width,
                          String help) implements SheetKit.Column {
    }

    /** One row; {@code null} means an empty cell ("any" / default). */
    private record AlertPolicy(String id, Object... cells) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column(Kind.ATTRIBUTE, "NAME", null, null, "Policy id", 24,
                    "Stable id of the alert policy: alert- and lowercase words joined by hyphens, e.g. "
                            + "alert-high-latency. Logs, metrics and the audit trail use it exactly as written (it is "
                            + "the incident's trigger), so never rename an existing row. Required and unique."),
            new Column(Kind.ATTRIBUTE, "ENABLED", null, null, "Enabled", 10,
                    "true or false. false switches the row off without deleting it."),
            new Column(Kind.CONDITION, "CONDITION", "$a : Alert",
                    "firing, !settled, $sid : serviceId, alertnameIn(\"$param\")", "Alert name", 22,
                    "The alertname label of the Prometheus alert, exactly as written in the alerting rule, e.g. "
                            + "HighLatency. Several separated by commas: any of them. any: every alert name. "
                            + "Required: a row without it does not compile."),
            new Column(Kind.CONDITION, "CONDITION", null, "severityIn(\"$param\")", "Severity", 14,
                    "The alert's severity label (integrations.alertmanager.severityLabel, by default severity), "
                            + "exactly, e.g. critical. Several separated by commas: any of them. Empty: any severity, "
                            + "also none."),
            new Column(Kind.CONDITION, "CONDITION", null, "hasLabels(\"$param\")", "Other labels", 20,
                    "Further labels the alert must carry, as name=value pairs separated by commas, e.g. "
                            + "team=sre, env=prod; values are compared exactly. Empty: no further condition."),
            new Column(Kind.CONDITION, "CONDITION", "$svc : ManagedService", "id == $sid, appliesTo(\"$param\")",
                    "Applies to tiers", 14,
                    "Which tiers the service the alert names belongs to: any, or tier names separated by commas, "
                            + "e.g. critical, standard. Empty: any tier."),
            new Column(Kind.ACTION, "ACTION", null,
                    "PolicyMatch match = new PolicyMatch($sid, drools.getRule().getName()); "
                            + "match.setAlertFingerprint($a.getFingerprint()); match.setPriority($param);",
                    "Priority", 10,
                    "Whole number from 1 to 10; when several policies match one service (alert policies and the "
                            + "metric policies of the Policies workbook alike), the higher priority acts first. "
                            + "Required."),
            new Column(Kind.ACTION, "ACTION", null, "match.setCooldownSeconds($param);", "Cooldown (s)", 11,
                    "Seconds after this row opened an incident for a service before an alert may open another "
                            + "one there through this row, or through any other row that matched the same alert. "
                            + "Empty means 300."),
            new Column(Kind.ACTION, "ACTION", null, "match.setValidationSeconds($param);",
                    "Validation window (s)", 12,
                    "Seconds after the action within which the alert must resolve for the incident to count as "
                            + "healed. Make it longer than Alertmanager's group_interval (5 min by default) plus the "
                            + "alerting rule's evaluation interval: Alertmanager sends the resolve only at the next "
                            + "group_interval. Empty means 60."),
            new Column(Kind.ACTION, "ACTION", null, "match.setPrediction(\"$param\");", "Prediction", 40,
                    "Plain-words expectation checked at the end of the validation window, e.g. \"the alert "
                            + "resolves within 360 s\". Optional."),
            new Column(Kind.ACTION, "ACTION", null, "match.setDryRun($param);", "Dry run", 9,
                    "true: the row decides and its decisions are recorded, but nothing is executed. Empty means "
                            + "false."),
            new Column(Kind.ACTION, "ACTION", null, "match.setActions(\"$param\"); insertLogical(match);",
                    "Action ladder", 26,
                    "The actions to try, in order, separated by commas: the next one runs only if the one before "
                            + "did not heal the service, e.g. restart, alert-oncall. Valid action ids: "
                            + ActionKind.ladderIds() + ". Required."));

    private static final String WINDOW = "360";

    private static final List<AlertPolicy> ROWS = List.of(
            new AlertPolicy("alert-high-error-rate", "true", "HighErrorRate", null, null, "any",
                    8, 600, WINDOW, "the HighErrorRate alert resolves within 360 s", "false",
                    "circuit-break, fallback"),
            new AlertPolicy("alert-high-latency", "true", "HighLatency", null, null, "any",
                    8, 600, WINDOW, "the HighLatency alert resolves within 360 s", "false", "restart, alert-oncall"),
            new AlertPolicy("alert-critical", "true", "any", "critical", null, "any",
                    6, 600, WINDOW, "the alert resolves within 360 s", "false", "restart, alert-oncall"),
            new AlertPolicy("alert-page", "true", "any", "page", null, "any",
                    5, 600, "60", "a human takes over", "false", "alert-oncall"));

    private static final List<String[]> GENERAL_HELP = List.of(
            new String[] {"What a row does",
                "While a Prometheus alert of a service fires and a row's filled conditions all hold for it, the row "
                        + "proposes its action ladder for the service, like a row of the Policies workbook does for "
                        + "metrics. At most one incident is open per service at a time; the highest priority acts."},
            new String[] {"One incident per alert",
                "Alertmanager repeats a firing alert every few minutes. The engine answers one firing of an alert "
                        + "(from firing to resolved) with one incident at most: repeats change nothing, and if the "
                        + "incident ends while the alert still fires, nothing more is done until it resolves and "
                        + "fires again (then the cooldown and the guards decide)."},
            new String[] {"Healed means resolved",
                "An incident an alert opened counts as healed when the alert resolves within the validation "
                        + "window after the action."},
            new String[] {"Empty cell",
                "An empty condition cell means \"no condition\", except Alert name, which every row needs (write "
                        + "any for every alert name)."},
            new String[] {"Adding a row",
                "Add a row directly below the last one: an empty row ends the table. Fill in at least Policy id, "
                        + "Enabled, Alert name, Priority and Action ladder."},
            new String[] {"Grey rows",
                "The grey rows at the top of the table are the code the engine builds its rules from. Do not edit "
                        + "them; ask an engineer. After any change, the build shows the generated rules in "
                        + "docs/rules/alert-policies.generated.drl for review."});

    private AlertPolicyTableWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path out = SheetKit.save(build(), args, AlertPolicyTableWriter.class);
        LOG.info("wrote {} alert policies to {}", ROWS.size(), out);
    }

    static XSSFWorkbook build() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetKit kit = SheetKit.sheet(wb, SHEET, COLUMNS);
        int r = kit.glossary("Alert policies", "Each row of the table at the bottom says which Prometheus alerts, as "
                + "Alertmanager sends them to the engine, open an incident for the service the alert names, and "
                + "which actions to try. Conditions look at the alert's labels; they stop matching as soon as the "
                + "alert resolves.", "What it means, units, how to fill it in", COLUMNS, GENERAL_HELP);
        kit.property(r++, "RuleSet", "healing.alerts");
        kit.property(r++, "Import", "io.healingengine.domain.*");
        kit.property(r++, "Notes", "Generated once by io.healingengine.tools.AlertPolicyTableWriter; owned by the "
                + "analysts since. Each matching row inserts a PolicyMatch for the alert's service; "
                + "rules/alerts/episodes.drl keeps one incident per alert episode.");
        // Sequential: the rows get the highest saliences (65535 down), so the matches they insert are in place
        // before any DRL rule reacts to their absence — also right after a deploy rebuilds the rules.
        kit.property(r++, "Sequential", "true");
        r = kit.ruleTable(r, SHEET, COLUMNS, 24, 110, 44);
        for (AlertPolicy row : ROWS) {
            kit.rule(r++, row.id(), row.cells(), c -> kit.styles().data);
        }
        return wb;
    }
}
