package io.healingengine.tools;

import io.healingengine.tools.SheetKit.Kind;

import io.healingengine.domain.ActionKind;
import io.healingengine.domain.GuardLimits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the first version of {@code decision-tables/guards/GuardLimits.drl.xlsx}: the limits the safety
 * guards enforce, one row per service tier, as a Drools decision table with a glossary for business
 * analysts above it. Each row inserts one {@link GuardLimits} fact for its tier.
 *
 * <p><b>Analysts own the XLSX afterwards.</b> This generator is kept only so that the initial workbook
 * can be reproduced and its layout reviewed; running it again overwrites every edit made in the
 * spreadsheet since. Change limits in the spreadsheet itself, then refresh the reviewable rendering
 * {@code docs/rules/guard-limits.generated.drl} with
 * {@code mvn test -Dtest=DecisionTableGoldenTest -Dupdate.golden=true}.
 *
 * <p>Layout notes for whoever edits the sheet by hand (see also {@link PolicyTableWriter}):
 * <ul>
 *   <li>The table has no CONDITION column: a row's rule has an empty LHS, so it fires exactly once per
 *       session (on Drools' initial fact) and its {@code insertLogical} fact stays until the rule itself is
 *       removed or changed by a new rules version.</li>
 *   <li>Every ACTION column is one line of the one RHS, in column order, and an empty cell drops its line.
 *       So the first column ({@code Tier}) declares and creates the fact and the last one
 *       ({@code Approval from risk}) inserts it: both are required. An empty cell in between keeps the
 *       field's built-in default ({@link GuardLimits}' initial value), not the default row's value.</li>
 *   <li>Every row above the {@code RuleTable} cell is read as a key/value property (first non-empty
 *       cell = key, case-insensitive), so the glossary keys carry their column letter ("B · Tier").</li>
 *   <li>Numbers stay in the "General" format: for whole numbers Drools uses the displayed text.</li>
 *   <li>The table ends at the first empty row. Only the first sheet is compiled.</li>
 * </ul>
 */
public final class GuardLimitsTableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GuardLimitsTableWriter.class);

    static final String SHEET = "GuardLimits";
    private static final int FIRST_ENGINE_WIDE_COL = 2; // C to E: read from the default row only
    private static final int LAST_ENGINE_WIDE_COL = 4;
    private static final GuardLimits BUILT_IN = new GuardLimits(GuardLimits.DEFAULT_TIER);

    /** One column of the rule table: header keyword, code snippet, label, width, glossary text. */
    private record Column(Kind kind, String header, String code, String label, int width, String help)
            implements SheetKit.Column {
    }

    /** One tier's row; {@code null} means an empty cell (built-in default). */
    private record Tier(String id, Object... cells) {
    }

    private static final String ENGINE_WIDE = " Engine-wide: read from the default row only; leave it empty on "
            + "every other row (it would be ignored there).";

    private static final List<Column> COLUMNS = List.of(
            new Column(Kind.ATTRIBUTE, "NAME", null, "Limits id", 24,
                    "Stable id of the row: guard-limits- followed by the tier, e.g. guard-limits-critical. Logs and "
                            + "the audit trail use it exactly as written, so never rename an existing row. Required "
                            + "and unique."),
            new Column(Kind.ACTION, "ACTION", "GuardLimits limits = new GuardLimits(\"$param\");", "Tier", 11,
                    "The service tier these limits are for, written exactly as in the service inventory "
                            + "(lowercase, e.g. critical, standard, batch). One row per tier. The row for tier "
                            + "\"default\" applies to every tier that has no row of its own, and must stay. Required."),
            new Column(Kind.ACTION, "ACTION", "limits.setActionsPerMinute($param);",
                    "Actions per minute (engine-wide)", 12,
                    "Most healing actions the whole engine starts in any one minute, over all services together. "
                            + "Protects against an action storm, e.g. when a shared database fails and every "
                            + "service looks sick at once." + ENGINE_WIDE + builtIn(BUILT_IN.getActionsPerMinute())),
            new Column(Kind.ACTION, "ACTION", "limits.setActionsPerHour($param);", "Actions per hour (engine-wide)",
                    12,
                    "Most healing actions the whole engine starts in any one hour. Catches a steady stream that "
                            + "stays under the per-minute limit." + ENGINE_WIDE
                            + builtIn(BUILT_IN.getActionsPerHour())),
            new Column(Kind.ACTION, "ACTION", "limits.setMaxInFlight($param);", "Max in flight (engine-wide)", 12,
                    "Most actions running at the same time (started and not yet verified). Stops the engine "
                            + "from changing many things at once before it knows whether the first change helped."
                            + ENGINE_WIDE + builtIn(BUILT_IN.getMaxInFlight())),
            new Column(Kind.ACTION, "ACTION", "limits.setDailyBudget($param);", "Daily budget (actions per area)",
                    12,
                    "Most intrusive actions on one area (a service, or the group it belongs to) within any "
                            + "24 hours. Intrusive: " + intrusiveIds() + "; paging on-call does not count. Once "
                            + "the budget is used up, further actions there are blocked, so a service is not "
                            + "\"healed\" over and over when the real problem lies elsewhere."
                            + builtIn(BUILT_IN.getDailyBudget())),
            new Column(Kind.ACTION, "ACTION", "limits.setDedupWindowMinutes($param);", "Dedup window (min)", 11,
                    "Minutes during which the same action on the same service is not repeated blindly. Keeps "
                            + "repeated alarms about one incident from triggering the same action again and again."
                            + builtIn(BUILT_IN.getDedupWindowMinutes())),
            new Column(Kind.ACTION, "ACTION", "limits.setRestartLoopCount($param);", "Restart-loop count", 11,
                    "Restart-loop breaker, with the next column: a service restarted this many times within the "
                            + "restart-loop window is in a restart loop. The engine then stops restarting it and "
                            + "escalates to a human, because restarts evidently do not fix it."
                            + builtIn(BUILT_IN.getRestartLoopCount())),
            new Column(Kind.ACTION, "ACTION", "limits.setRestartLoopWindowMinutes($param);",
                    "Restart-loop window (min)", 11,
                    "The time span, in minutes, over which restarts are counted for the restart-loop breaker."
                            + builtIn(BUILT_IN.getRestartLoopWindowMinutes())),
            new Column(Kind.ACTION, "ACTION", "limits.setFreezeAfterFailures($param);", "Freeze after failed fixes",
                    11,
                    "After this many fixes in a row on one area failed verification or were rolled back, "
                            + "automatic healing of that area is frozen and a human is paged: the engine evidently "
                            + "does not understand the problem." + builtIn(BUILT_IN.getFreezeAfterFailures())),
            new Column(Kind.ACTION, "ACTION", "limits.setFreezeHours($param);", "Freeze (hours)", 10,
                    "How long such a freeze lasts, in hours." + builtIn(BUILT_IN.getFreezeHours())),
            new Column(Kind.ACTION, "ACTION", "limits.setAllowedActions(\"$param\");", "Allowed actions", 36,
                    "Which actions the engine may run on this tier by itself: any, or action ids separated by "
                            + "commas. An action not listed is blocked and left to a human; alert-oncall is always "
                            + "allowed. Valid action ids: " + ActionKind.ladderIds() + ". Empty means any."),
            new Column(Kind.ACTION, "ACTION", "limits.setApprovalTimeoutMinutes($param);", "Approval timeout (min)", 12,
                    "How long an action may wait for a human's approval before the decision on timeout applies, in "
                            + "minutes." + builtIn(BUILT_IN.getApprovalTimeoutMinutes())),
            new Column(Kind.ACTION, "ACTION", "limits.setOnApprovalTimeout(\"$param\");", "On approval timeout", 12,
                    "deny or approve: what happens to an action nobody approved or denied in time. Empty means "
                            + "deny."),
            new Column(Kind.ACTION, "ACTION", "limits.setApprovalFromRisk(\"$param\"); insertLogical(limits);",
                    "Approval from risk", 12,
                    "none, low, medium or high: actions of this risk or higher need a canary step or a human's "
                            + "approval before they run (none: every action does). Risks: " + risks() + ". "
                            + "Required: this cell also hands the row's limits to the engine."));

    private static final List<Tier> TIERS = List.of(
            new Tier("guard-limits-default", "default", 60, 500, 2, 5, 120, 3, 15, 3, 24, "any", 15, "deny", "medium"),
            new Tier("guard-limits-critical", "critical", null, null, null, 3, 120, 2, 15, 3, 24,
                    "restart, circuit-break, fallback, alert-oncall", 15, "deny", "medium"),
            new Tier("guard-limits-batch", "batch", null, null, null, 10, 120, 5, 30, 3, 24, "any", 60, "approve",
                    "high"));

    private static final List<String[]> GENERAL_HELP = List.of(
            new String[] {"Which row counts",
                "A service gets the row of its tier; a service whose tier has no row gets the default row. "
                        + "Rows do not inherit from each other: every row states its own limits."},
            new String[] {"Empty cell",
                "An empty cell means the engine's built-in value given above for that column, not the value of "
                        + "the default row. Tier and Approval from risk must never be empty."},
            new String[] {"Adding a tier",
                "Add a row directly below the last one: an empty row ends the table. Fill in the Limits id, the "
                        + "Tier, every per-tier limit and Approval from risk; leave the engine-wide columns empty "
                        + "(shaded on every row but the default one)."},
            new String[] {"Grey rows",
                "The grey rows at the top of the table are the code the engine builds its rules from. Do not "
                        + "edit them; ask an engineer. After any change, the build shows the generated rules in "
                        + "docs/rules/guard-limits.generated.drl for review."});

    private GuardLimitsTableWriter() {
    }

    private static String builtIn(Object value) {
        return " Built-in value: " + value + ".";
    }

    private static String intrusiveIds() {
        return Arrays.stream(ActionKind.values()).filter(ActionKind::intrusive).map(ActionKind::id)
                .collect(Collectors.joining(", "));
    }

    private static String risks() {
        return Arrays.stream(ActionKind.values()).filter(k -> k != ActionKind.NOOP)
                .map(k -> k.id() + " " + k.risk().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    public static void main(String[] args) throws IOException {
        Path out = SheetKit.save(build(), args, GuardLimitsTableWriter.class);
        LOG.info("wrote guard limits for {} tiers to {}", TIERS.size(), out);
    }

    static XSSFWorkbook build() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetKit kit = SheetKit.sheet(wb, SHEET, COLUMNS);
        SheetKit.Styles st = kit.styles();
        int r = kit.glossary("Guard limits", "Each row of the table at the bottom sets the safety limits for one "
                + "service tier. Before any healing action runs, the guards check it against these limits; an "
                + "action that would exceed one is blocked, and the block is recorded with its reason. "
                + "The row for tier \"" + GuardLimits.DEFAULT_TIER + "\" covers every tier without a row of "
                + "its own and also holds the engine-wide limits.",
                "What it means, what it protects against, units, how to fill it in", COLUMNS, GENERAL_HELP);
        kit.property(r++, "RuleSet", "healing.guards");
        kit.property(r++, "Import", "io.healingengine.domain.*");
        kit.property(r++, "Notes", "Generated once by io.healingengine.tools.GuardLimitsTableWriter; owned "
                + "by the analysts since. Each row inserts one GuardLimits fact for its tier.");
        // Sequential: the rows get the highest saliences (65535 down), so the facts they insert are in
        // place before any DRL rule reacts to their absence — also right after a deploy rebuilds the rules.
        kit.property(r++, "Sequential", "true");
        r = kit.ruleTable(r, "GuardLimits", COLUMNS, 15, 64, 60);
        for (Tier tier : TIERS) {
            // the engine-wide cells of every row but the default one are shaded: they are ignored there
            boolean engineWideIgnored = !GuardLimits.DEFAULT_TIER.equals(tier.cells()[0]);
            kit.rule(r++, tier.id(), tier.cells(), c -> engineWideIgnored && c >= FIRST_ENGINE_WIDE_COL
                    && c <= LAST_ENGINE_WIDE_COL ? st.ignored : st.data);
        }
        return wb;
    }
}
