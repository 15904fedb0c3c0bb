package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleVariants;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/analyst-guide.md, run: its policy row is typed into a copy of the project's workbook as the guide
 * describes it, and its commands — taken from the guide's text, so that the two cannot drift — run
 * in-process against that copy and a real engine; what they print is what the guide shows. Values that
 * differ from run to run (versions, checksums, times) are compared by their shape.
 */
class AnalystGuideIT {
    private static final String JAR = "java -jar target/healing-engine.jar ";
    private static final String GUIDE_URL = "http://127.0.0.1:8080";
    private static final String GUIDE_TOKEN_FILE = "~/.healing-engine/admin-token";
    private static final String SCENARIO = "docs/examples/scenarios/slow-and-failing.yaml";
    private static final String SIMULATE = "simulate . " + SCENARIO;
    private static final String VALIDATE = "validate .";
    private static final String DEPLOY = "deploy . --url " + GUIDE_URL + " --token-file " + GUIDE_TOKEN_FILE
            + " --note \"slow-and-failing: break the circuit before scaling up\"";
    private static final String VERSIONS = "versions --url " + GUIDE_URL;
    private static final String ROLLBACK = "rollback --url " + GUIDE_URL + " --token-file " + GUIDE_TOKEN_FILE
            + " --note \"slow-and-failing: wait for the payments team's review\"";

    /** The row of step 1: column title → what the analyst types; null leaves the cell empty. */
    private static final Map<String, Object> ROW = new LinkedHashMap<>();

    static {
        ROW.put("Policy id", "slow-and-failing");
        ROW.put("Enabled", true);
        ROW.put("Applies to tiers", "any");
        ROW.put("Latency p99 above (ms)", 300);
        ROW.put("Latency p99 below (ms)", null);
        ROW.put("Error rate above (fraction)", 0.05);
        ROW.put("Throughput above (req/s)", 100);
        ROW.put("Throughput below (req/s)", null);
        ROW.put("CPU above (fraction)", null);
        ROW.put("Memory above (fraction)", null);
        ROW.put("Priority", 8);
        ROW.put("Cooldown (s)", 600);
        ROW.put("Validation window (s)", 45);
        ROW.put("Prediction", "error_rate below 0.05 and latency_p99 below 300 ms within 45 s");
        ROW.put("Dry run", false);
        ROW.put("Action ladder", "circuit-break, fallback");
    }

    private static final String WORKBOOK = "decision-tables/policies/Policies.drl.xlsx";
    private static final int GUIDE_ROW = 43;
    private static final Pattern VALIDATED = Pattern.compile("OK (\\S+): \\d+ rules, version ([0-9a-f]{12})");

    private static String guide;

    @TempDir
    Path temp;
    private EngineFixture engine;

    @BeforeAll
    static void readTheGuide() throws Exception {
        guide = Files.readString(Path.of("docs/analyst-guide.md"));
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldShowTheShippedRulesPagingAHumanWhereTheNewPolicyWillAct() throws Exception {
        // given: the shipped rules as a kjar — what `simulate .` compiles before the workbook is changed
        Path shipped = Files.write(temp.resolve("shipped.kjar"), RuleVariants.shipped().kjar());

        // when: step 0
        CliRun run = runGuideCommand(SIMULATE, Map.of(".", shipped.toString()));

        // then
        assertThat(run.exit()).as(run.transcript()).isZero();
        assertBothShow(run, "[open-incident-on-policy-match] policy moderate-latency matched (priority 5, ladder [scale-up])",
                "[skip-blocked-proposal] rollback-plan: scale-up changes checkout but the inventory declares no rollback for it",
                "[page-hands-incident-to-human] on-call paged; a human takes over",
                "checkout  moderate-latency  ESCALATED  actions: alert-oncall",
                "high-error-rate on checkout: missed error_rate > 0.15 (0.08); held throughput > 100 (900)");
    }

    @Test
    void shouldLocateAUnitTypedIntoANumberCellAtTheRowAndPolicyTheGuideNames() throws Exception {
        // given: step 1 with "300 ms" typed in column D
        Path project = projectWithTheGuideRow(Map.of("Latency p99 above (ms)", "300 ms"));

        // when: step 2, in a JVM of its own (see CliRun.inNewJvm)
        CliRun run = runGuideCommand(VALIDATE, Map.of(".", project.toString()), true);

        // then
        assertThat(run.exit()).as(run.transcript()).isEqualTo(1);
        assertBothShow(run, "ERROR " + WORKBOOK + ": sheet Policies, row " + GUIDE_ROW
                        + ", column D \"Latency p99 above (ms)\" (rule slow-and-failing): [ERR 102]",
                "mismatched input 'ms' in pattern in rule \"slow-and-failing\"");
    }

    @Test
    void shouldValidateTheRowAndSimulateTheCircuitBreakThatResolvesTheIncident() throws Exception {
        // given: step 1 as the guide's table says
        Path project = projectWithTheGuideRow(Map.of());

        // when: steps 2 and 3
        CliRun validate = runGuideCommand(VALIDATE, Map.of(".", project.toString()));
        CliRun simulate = runGuideCommand(SIMULATE, Map.of(".", project.toString()));

        // then
        assertThat(validate.exit()).as(validate.transcript()).isZero();
        assertThat(VALIDATED.matcher(validate.out()).find()).as(validate.out()).isTrue();
        assertThat(VALIDATED.matcher(guide).find()).as("the guide shows validate's OK line").isTrue();
        assertThat(simulate.exit()).as(simulate.transcript()).isZero();
        assertBothShow(simulate,
                "[open-incident-on-policy-match] policy slow-and-failing matched (priority 8, ladder [circuit-break, fallback])",
                "[dispatch-unblocked-proposal] circuit-break request ",
                "[recovery-evidence-from-metrics] fresh metrics no longer match slow-and-failing",
                "+45.100s  incident_resolved      checkout     [verdict-recovered] recovery time 5000 ms",
                "checkout  slow-and-failing  RESOLVED  actions: circuit-break",
                "slow-and-failing on checkout: missed latency_p99 > 300 (120), error_rate > 0.05 (0.004); held throughput > 100 (900)");
        assertThat(simulate.out()).doesNotContain("alert-oncall");
    }

    @Test
    void shouldShowTheGuardThatRefusesAMistypedActionId() throws Exception {
        // given: the ladder typed "circuit-breaker, fallback"
        Path project = projectWithTheGuideRow(Map.of("Action ladder", "circuit-breaker, fallback"));

        // when
        CliRun run = runGuideCommand(SIMULATE, Map.of(".", project.toString()));

        // then
        assertThat(run.exit()).as(run.transcript()).isZero();
        assertBothShow(run, "[skip-blocked-proposal] validation: unknown action kind 'circuit-breaker' (known: restart, "
                + "scale-up, rollback, circuit-break, fallback, alert-oncall)");
    }

    @Test
    void shouldDeployTheRowToARunningEngineAndRollItBack() throws Exception {
        // given: step 1, and step 4's set-up: a random token in a file, the engine configured with its SHA-256
        Path project = projectWithTheGuideRow(Map.of());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path tokenFile = Files.writeString(temp.resolve("admin-token"), Base64.getEncoder().encodeToString(random) + "\n");
        String tokenSha256 = CompiledRules.sha256Of(Files.readString(tokenFile).strip().getBytes(StandardCharsets.UTF_8));
        assertThat(guide).contains("head -c 32 /dev/urandom | base64 > " + GUIDE_TOKEN_FILE)
                .contains("printf %s \"$(cat " + GUIDE_TOKEN_FILE + ")\" | sha256sum")
                .contains("deploy:\n  adminTokenSha256: ");
        engine = EngineFixture.start(0, Files.createDirectories(temp.resolve("data")), true, List.of(), null, false,
                tokenSha256);
        String url = engine.url("");
        Map<String, String> here = Map.of(".", project.toString(), GUIDE_URL, url, GUIDE_TOKEN_FILE, tokenFile.toString());
        String shipped = RuleVariants.shipped().version();
        String user = System.getProperty("user.name");

        // when: step 4
        CliRun deploy = runGuideCommand(DEPLOY, here);

        // then: the engine runs the new version, in place of the shipped one, and deploy said so
        JsonNode health = engine.getJson("/health");
        String version = health.get("rulesVersion").asText();
        assertThat(deploy.exit()).as(deploy.transcript()).isZero();
        assertThat(version).isNotEqualTo(shipped);
        assertShape(deploy.out(), url, "activated (\\w{12}) \\(sha256 \\w{12}\\) on URL, replacing (\\w{12})", version, shipped);
        assertShape(deploy.out(), url, "  the running session moved over in \\d+ ms; history entry #2 by (\\S+): "
                + "slow-and-failing: break the circuit before scaling up", user);
        assertThat(guide).containsPattern("curl -s localhost:8080/health\n\\{\"status\":\"UP\",\"rulesVersion\":\"\\w{12}\"");
        assertThat(guide).contains("curl -s localhost:8080/api/v1/kjars");
        CliRun versions = runGuideCommand(VERSIONS, here);
        assertThat(versions.exit()).as(versions.transcript()).isZero();
        assertShape(versions.out(), url, "active on URL: (\\w{12}) \\(sha256 \\w{12}\\), upload by (\\S+) of ", version, user);
        assertShape(versions.out(), url, "\\*   2  deploy    (\\w{12})  \\w{12}  ", version);
        assertShape(versions.out(), url, "    1  baseline  (\\w{12})  \\w{12}  ", shipped);

        // when: step 5
        CliRun rollback = runGuideCommand(ROLLBACK, here);

        // then: the shipped rules again, marked active in the history
        assertThat(rollback.exit()).as(rollback.transcript()).isZero();
        assertShape(rollback.out(), url, "rolled back to (\\w{12}) \\(sha256 \\w{12}\\) on URL, replacing (\\w{12})", shipped, version);
        assertThat(engine.getJson("/health").get("rulesVersion").asText()).isEqualTo(shipped);
        assertShape(runGuideCommand(VERSIONS, here).out(), url, "\\*   3  rollback  (\\w{12})  ", shipped);

        // and: deploying the same directory again brings the same version back
        CliRun again = runGuideCommand(DEPLOY, here);
        assertThat(again.exit()).as(again.transcript()).isZero();
        assertShape(again.out(), url, "activated (\\w{12}) \\(sha256 \\w{12}\\) on URL", version);
        assertThat(guide).contains("To put the same policy back later, `deploy .` again");
    }

    /** Runs a command the guide shows as {@code java -jar target/healing-engine.jar <command>}, with its paths replaced. */
    private static CliRun runGuideCommand(String command, Map<String, String> replacements) throws Exception {
        return runGuideCommand(command, replacements, false);
    }

    private static CliRun runGuideCommand(String command, Map<String, String> replacements, boolean newJvm)
            throws Exception {
        assertThat(guide).as("the guide shows the command").contains("$ " + JAR + command + "\n");
        List<String> args = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(command);
        while (word.find()) {
            String arg = word.group(1) != null ? word.group(1) : word.group(2);
            args.add(replacements.getOrDefault(arg, arg));
        }
        return newJvm ? CliRun.inNewJvm(args.toArray(String[]::new)) : CliRun.of(args.toArray(String[]::new));
    }

    /** Both the command's output and the guide contain each line fragment. */
    private static void assertBothShow(CliRun run, String... fragments) {
        for (String fragment : fragments) {
            assertThat(run.out()).as(run.transcript()).contains(fragment);
            assertThat(guide).as("the guide shows what the command prints").contains(fragment);
        }
    }

    /**
     * The output has a line of the shape {@code regex} (URL standing for the engine's address) whose groups
     * are {@code expected}; the guide has a line of the same shape with the guide's address.
     */
    private static void assertShape(String output, String url, String regex, String... expected) {
        Matcher inOutput = Pattern.compile(regex.replace("URL", Pattern.quote(url))).matcher(output);
        assertThat(inOutput.find()).as("a line like /%s/ in:%n%s", regex, output).isTrue();
        for (int i = 0; i < expected.length; i++) {
            assertThat(inOutput.group(i + 1)).as("group %d of /%s/", i + 1, regex).isEqualTo(expected[i]);
        }
        assertThat(Pattern.compile(regex.replace("URL", Pattern.quote(GUIDE_URL))).matcher(guide).find())
                .as("the guide shows a line like /%s/", regex).isTrue();
    }

    /**
     * A copy of the project with the guide's row typed below the last policy, as step 1 says: the guide's
     * table names each cell by column letter and title, and the cells {@code typos} are typed instead.
     */
    private static Path projectWithTheGuideRow(Map<String, Object> typos) throws Exception {
        Path project = RuleVariants.copyOfProject("analyst-guide");
        Path workbook = project.resolve(WORKBOOK);
        try (InputStream in = Files.newInputStream(workbook); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheet("Policies");
            Row titles = titleRow(sheet);
            int last = titles.getRowNum();
            while (sheet.getRow(last + 1) != null && text(sheet.getRow(last + 1).getCell(0)) != null) {
                last++;
            }
            Row row = sheet.createRow(last + 1);
            assertThat(row.getRowNum() + 1).as("the row the guide says to type into").isEqualTo(GUIDE_ROW);
            assertThat(guide).contains("**row " + GUIDE_ROW + "**");
            for (Map.Entry<String, Object> cell : ROW.entrySet()) {
                int column = columnTitled(titles, cell.getKey());
                Object value = typos.getOrDefault(cell.getKey(), cell.getValue());
                String letter = CellReference.convertNumToColString(column);
                assertThat(guide).as("the guide's table row for column %s", letter).contains("| " + letter + " | "
                        + cell.getKey() + " | " + (cell.getValue() == null ? "*empty*" : "`" + cell.getValue() + "`") + " |");
                if (value != null) {
                    type(row.createCell(column), value, sheet.getRow(last).getCell(column));
                }
            }
            try (OutputStream out = Files.newOutputStream(workbook)) {
                book.write(out);
            }
        }
        return project;
    }

    /** What a spreadsheet program makes of typing the value: a number, TRUE/FALSE, or text. */
    private static void type(Cell cell, Object value, Cell above) {
        if (value instanceof Number number) {
            cell.setCellValue(number.doubleValue());
        } else if (value instanceof Boolean bool) {
            cell.setCellValue(bool);
        } else {
            cell.setCellValue(value.toString());
        }
        if (above != null) {
            cell.setCellStyle(above.getCellStyle());
        }
    }

    private static Row titleRow(Sheet sheet) {
        for (Row row : sheet) {
            if ("Policy id".equals(text(row.getCell(0)))) {
                return row;
            }
        }
        throw new AssertionError("no row of column titles (Policy id, …) in " + WORKBOOK);
    }

    private static int columnTitled(Row titles, String title) {
        for (Cell cell : titles) {
            if (title.equals(text(cell))) {
                return cell.getColumnIndex();
            }
        }
        throw new AssertionError("no column titled '" + title + "' in " + WORKBOOK);
    }

    private static String text(Cell cell) {
        return cell == null || cell.getCellType() != CellType.STRING || cell.getStringCellValue().isBlank() ? null
                : cell.getStringCellValue();
    }
}
