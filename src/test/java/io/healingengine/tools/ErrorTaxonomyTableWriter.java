package io.healingengine.tools;

import io.healingengine.tools.SheetKit.Kind;

import io.healingengine.domain.ClassifiedError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the first version of {@code decision-tables/errors/ErrorTaxonomy.drl.xlsx}: the error taxonomy
 * (exception type, message pattern, exit code → failure class) as a Drools decision table, with a glossary
 * for business analysts above it.
 *
 * <p><b>Analysts own the XLSX afterwards.</b> This generator is kept only so that the initial workbook can be
 * reproduced and its layout reviewed; running it again overwrites every edit made in the spreadsheet since.
 * Change rows in the spreadsheet itself, then refresh the reviewable rendering
 * {@code docs/rules/error-taxonomy.generated.drl} with
 * {@code mvn test -Dtest=DecisionTableGoldenTest -Dupdate.golden=true}.
 *
 * <p>Layout notes for whoever edits the sheet by hand (see also {@link PolicyTableWriter}):
 * <ul>
 *   <li>The three condition columns share one merged object-type cell, {@code $e : ErrorEvent}: their
 *       constraints form one pattern, and an empty cell drops only its own constraint. A row with no
 *       condition at all has no pattern, and its consequence fails to compile ({@code $e} is unknown).</li>
 *   <li>{@code Sequential true} gives the rows salience 1000, 999 … from the top, so the first matching row
 *       fires first; its consequence deletes the {@code ErrorEvent}, which cancels every other match on it.
 *       The fallback {@code classify-unmatched-error} (rules/errors/taxonomy.drl) runs at salience -1.</li>
 *   <li>Cell text lands verbatim inside a DRL string literal, which the executable model reads as Java
 *       source: a backslash must be doubled ({@code \\d}); a lone one ({@code \d}) stops the rules from
 *       compiling. Double quotes are escaped by Drools ({@code EscapeQuotes}, on by default).</li>
 *   <li>Exception types and exit codes use Drools' {@code forall(||)} snippets: a cell may list several
 *       values separated by commas.</li>
 *   <li>The table ends at the first empty row.</li>
 * </ul>
 */
public final class ErrorTaxonomyTableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorTaxonomyTableWriter.class);

    static final String SHEET = "ErrorTaxonomy";
    private static final int FIRST_ROW_SALIENCE = 1000;

    /** One column of the rule table: header keyword, object type, code snippet, label, width, glossary text. */
    private record Column(Kind kind, String header, String objectType, String code, String label, int width,
                          String help) implements SheetKit.Column {
    }

    /** One row: its rule name, then exception types, message pattern, exit codes, failure class, description. */
    private record Classification(String name, Object... cells) {
    }

    private static final String KNOWN_CLASSES = "out-of-memory, killed-oom, resource-exhausted, "
            + "dependency-unreachable, dependency-slow, connection-pool-exhausted, crashed";

    private static final List<Column> COLUMNS = List.of(
            new Column(Kind.ATTRIBUTE, "NAME", null, null, "Rule name", 34,
                    "Stable id of the row: classify- followed by what it recognises, lowercase words joined by "
                            + "hyphens, e.g. classify-connection-refused. Every error the row classifies names it "
                            + "(classified by), and so do logs, metrics and the audit trail, exactly as written: "
                            + "never rename an existing row. Required and unique."),
            new Column(Kind.CONDITION, "CONDITION", "$e : ErrorEvent", "forall(||){exceptionType == \"$\"}",
                    "Exception type", 34,
                    "The exception's fully qualified class name, exactly as the service reports it, e.g. "
                            + "java.net.ConnectException. Exact match: a subclass does not match its parent's row "
                            + "(java.net.http.HttpConnectTimeoutException is not java.net.http.HttpTimeoutException). "
                            + "Several names separated by commas: any of them. Empty: any exception, or none."),
            new Column(Kind.CONDITION, "CONDITION", null, "message matches \"(?is).*(?:$param).*\"",
                    "Message pattern (regular expression)", 40,
                    "A Java regular expression, looked for anywhere in the error message and ignoring case: "
                            + "connection refused matches \"java.net.ConnectException: Connection Refused\", also "
                            + "when the message runs over several lines. Use | between alternatives, and ^ and $ "
                            + "to match the whole message. Write every backslash twice, as in Java source: "
                            + "\\\\d+ for a number, \\\\( for a parenthesis (a single backslash stops the rules "
                            + "from compiling). A double quote is written as it is. Empty: any message."),
            new Column(Kind.CONDITION, "CONDITION", null, "forall(||){exitCode == $}", "Exit code", 12,
                    "The exit code the service's process ended with, e.g. 137. Several separated by commas: any of "
                            + "them. Empty: any exit code, or none (the process did not exit)."),
            new Column(Kind.ACTION, "ACTION", null,
                    "insert(new ClassifiedError($e, \"$param\", drools.getRule().getName())); delete($e);",
                    "Failure class", 26,
                    "What kind of failure it is, in lowercase words joined by hyphens. Rules and policies act on "
                            + "the class, so reuse an existing one where it fits: " + KNOWN_CLASSES + ". An error "
                            + "that no row matches is " + ClassifiedError.UNCLASSIFIED + ". Required: a row "
                            + "without it classifies nothing."),
            new Column(Kind.ATTRIBUTE, "DESCRIPTION", null, null, "Why", 64,
                    "Why these errors belong to the class, for the next reader. Shown as a comment in the "
                            + "generated rules. Optional."));

    private static final List<Classification> ROWS = List.of(
            new Classification("classify-native-thread-limit", "java.lang.OutOfMemoryError",
                    "unable to create (new )?native thread", null, "resource-exhausted",
                    "The JVM hit the operating system's limit on threads, not its heap: more memory does not help."),
            new Classification("classify-java-out-of-memory", "java.lang.OutOfMemoryError", null, null,
                    "out-of-memory", "The JVM ran out of heap, metaspace or direct memory."),
            new Classification("classify-too-many-open-files", null, "too many open files", null,
                    "resource-exhausted", "The process used up its file descriptors (sockets count too); usually "
                            + "a leak."),
            new Classification("classify-disk-full", null, "no space left on device", null, "resource-exhausted",
                    "A disk or volume the service writes to is full."),
            new Classification("classify-connect-timeout", "java.net.SocketTimeoutException", "connect timed out",
                    null, "dependency-unreachable", "No connection to a dependency could be opened in time: it is "
                            + "down or unreachable rather than slow."),
            new Classification("classify-read-timeout",
                    "java.net.SocketTimeoutException, java.net.http.HttpTimeoutException", null, null,
                    "dependency-slow", "A dependency took the connection but answered too slowly."),
            new Classification("classify-pool-exhausted", null,
                    "HikariPool-\\\\d+ - Connection is not available|Timeout waiting for idle object"
                            + "|pool (is )?exhausted", null, "connection-pool-exhausted",
                    "No pooled connection became free in time (HikariCP, Commons DBCP and Pool)."),
            new Classification("classify-jdbc-transient-connection", "java.sql.SQLTransientConnectionException",
                    null, null, "connection-pool-exhausted", "What HikariCP throws when it cannot hand out a "
                            + "connection in time."),
            new Classification("classify-connection-refused", null, "connection refused|connection to \\\\S+ refused",
                    null, "dependency-unreachable", "Nothing listens on the dependency's port: Connection refused "
                            + "(Java), Connection to db:5432 refused (PostgreSQL JDBC)."),
            new Classification("classify-dependency-unreachable", "java.net.ConnectException, "
                    + "java.net.UnknownHostException, java.net.NoRouteToHostException, "
                    + "java.net.http.HttpConnectTimeoutException", null, null, "dependency-unreachable",
                    "A dependency's host cannot be resolved, reached or connected to."),
            new Classification("classify-killed-by-oom-killer", null, null, 137, "killed-oom",
                    "Exit code 137 is SIGKILL; in a container almost always the kernel's OOM killer at the memory "
                            + "limit."),
            new Classification("classify-crash-exit-code", null, null, "1, 134, 139", "crashed",
                    "The process ended abnormally: 1 an uncaught error, 134 aborted (a JVM fatal error), 139 a "
                            + "segmentation fault."));

    private static final List<String[]> GENERAL_HELP = List.of(
            new String[] {"Order of rows",
                "Rows are tried from the top down and the first row that matches decides: no other row sees the "
                        + "error again. So a more specific row goes above a broader one, e.g. OutOfMemoryError with "
                        + "\"unable to create native thread\" above OutOfMemoryError alone."},
            new String[] {"Empty cell",
                "An empty condition cell means \"any\": that part of the error is not checked. Every filled "
                        + "condition of a row must hold. A row needs at least one condition."},
            new String[] {"Adding a row",
                "Insert it above the first row it should win over; an empty row ends the table. Fill in Rule "
                        + "name, at least one condition and Failure class. At most "
                        + FIRST_ROW_SALIENCE + " rows."},
            new String[] {"Grey rows",
                "The grey rows at the top of the table are the code the engine builds its rules from. Do not "
                        + "edit them; ask an engineer. After any change, the build shows the generated rules in "
                        + "docs/rules/error-taxonomy.generated.drl for review."});

    private ErrorTaxonomyTableWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path out = SheetKit.save(build(), args, ErrorTaxonomyTableWriter.class);
        LOG.info("wrote {} error classifications to {}", ROWS.size(), out);
    }

    static XSSFWorkbook build() {
        XSSFWorkbook wb = new XSSFWorkbook();
        SheetKit kit = SheetKit.sheet(wb, SHEET, COLUMNS);
        int r = kit.glossary("Error taxonomy", "Each row of the table at the bottom recognises one kind of error "
                + "that services report, by its exception type, its message or the exit code of the process, and "
                + "gives it a failure class (out-of-memory, dependency-unreachable …). Rules and policies act on "
                + "failure classes, not on raw errors. Every error gets exactly one class: the first row from the "
                + "top that matches decides, and an error no row matches is " + ClassifiedError.UNCLASSIFIED + ".",
                "What it means, how to fill it in", COLUMNS, GENERAL_HELP);
        kit.property(r++, "RuleSet", "healing.errors");
        kit.property(r++, "Import", "io.healingengine.domain.*");
        kit.property(r++, "Sequential", "true");
        kit.property(r++, "SequentialMaxPriority", String.valueOf(FIRST_ROW_SALIENCE));
        kit.property(r++, "SequentialMinPriority", "1");
        kit.property(r++, "Notes", "Generated once by io.healingengine.tools.ErrorTaxonomyTableWriter; owned by "
                + "the analysts since. The first matching row turns an ErrorEvent into a ClassifiedError; "
                + "rules/errors/taxonomy.drl classifies every other error as " + ClassifiedError.UNCLASSIFIED + ".");
        r = kit.ruleTable(r + 1, SHEET, COLUMNS, 15, 90, 44);
        for (Classification row : ROWS) {
            kit.rule(r++, row.name(), row.cells(), c -> kit.styles().data);
        }
        return wb;
    }
}
