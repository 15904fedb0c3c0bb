package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleVariants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code healing-engine deploy | rollback | versions} against a real engine on a free loopback port, run
 * in-process as a user would type them.
 */
class DeployCommandsIT {
    private static final String TOKEN = "cli-admin-token";
    private static CompiledRules shipped;

    @TempDir
    Path temp;
    private EngineFixture engine;
    private Path tokenFile;

    @BeforeAll
    static void versions() {
        shipped = RuleVariants.shipped();
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    private void startEngine() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        engine = EngineFixture.start(0, dataDir, true, List.of(), null, false,
                CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));
        tokenFile = Files.writeString(temp.resolve("admin-token"), TOKEN + "\n");
    }

    private String url() {
        return engine.url("");
    }

    private CliRun deploy(Path what) {
        return CliRun.of("deploy", what.toString(), "--url", url(), "--token-file", tokenFile.toString(), "--by", "ana",
                "--note", "raise the throughput floor");
    }

    private static Path kjarFile(Path dir, CompiledRules rules) throws Exception {
        return Files.write(dir.resolve("rules-" + rules.version() + ".kjar"), rules.kjar());
    }

    @Test
    void shouldCompileADirectoryUploadItAndPrintTheVersionItActivated() throws Exception {
        // given: a copy of the project whose throughput-drop policy acts below 1500 req/s instead of 500
        startEngine();
        Path project = RuleVariants.copyOfProject("cli-deploy");
        RuleVariants.editPolicyCell(project.resolve("decision-tables/policies/Policies.drl.xlsx"), "throughput-drop", 500, 1500);

        // when
        CliRun run = deploy(project);

        // then: the engine runs the compiled version, and the two lines say which, and what it replaced
        assertThat(run.exit()).as(run.transcript()).isZero();
        JsonNode health = engine.getJson("/health");
        String version = health.get("rulesVersion").asText();
        assertThat(version).isNotEqualTo(shipped.version());
        assertThat(run.out()).contains("activated " + version + " (sha256 " + health.get("rulesSha256").asText().substring(0, 12)
                + ") on " + url() + ", replacing " + shipped.version());
        assertThat(run.out()).containsPattern("moved over in \\d+ ms; history entry #2 by ana: raise the throughput floor");
        JsonNode latest = engine.getJson("/api/v1/kjars").get("history").get(0);
        assertThat(latest.get("origin").asText()).isEqualTo("upload by ana of " + project.getFileName() + "/");
    }

    @Test
    void shouldPrintTheLocatedErrorAndUploadNothingWhenTheDirectoryDoesNotCompile() throws Exception {
        // given: a project with a rule whose consequence calls a method that does not exist
        startEngine();
        Path project = RuleVariants.copyOfProject("cli-broken");
        Files.writeString(project.resolve("rules/liveness/oops.drl"), "package healing.liveness;\n"
                + "import io.healingengine.domain.Liveness;\nrule \"oops\"\nwhen Liveness($l : this)\nthen $l.explode();\nend\n");

        // when
        CliRun run = deploy(project);

        // then: the error as validate prints it, exit 1, and the engine never saw an upload
        assertThat(run.exit()).as(run.transcript()).isEqualTo(1);
        assertThat(run.out()).contains("ERROR rules/liveness/oops.drl: line ").contains("explode()")
                .contains("INVALID " + project + ": 1 problem(s); nothing was deployed");
        JsonNode kjars = engine.getJson("/api/v1/kjars");
        assertThat(kjars.get("history")).isEmpty();
        assertThat(kjars.get("active").get("sha256").asText()).isEqualTo(shipped.sha256());
    }

    @Test
    void shouldExitOneAndNameWhereTheTokenCameFromWhenTheEngineRefusesIt() throws Exception {
        // given: a token file with a token that is not the engine's
        startEngine();
        Files.writeString(tokenFile, "not-the-admin-token\n");

        // when
        CliRun run = deploy(kjarFile(temp, shipped));

        // then: refused, with the file named and the token itself never printed
        assertThat(run.exit()).as(run.transcript()).isEqualTo(1);
        assertThat(run.out()).contains("refused (HTTP 401 Unauthorized)")
                .contains("the admin token in " + tokenFile + " was not accepted")
                .contains("deploy.adminTokenSha256")
                .doesNotContain("not-the-admin-token");
        assertThat(engine.getJson("/api/v1/kjars").get("history")).isEmpty();
    }

    @Test
    void shouldRollBackToThePreviousVersion() throws Exception {
        // given: a kjar file deployed over the shipped rules
        startEngine();
        CompiledRules raised = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500);
        assertThat(deploy(kjarFile(temp, raised)).exit()).isZero();

        // when
        CliRun run = CliRun.of("rollback", "--url", url(), "--token-file", tokenFile.toString(), "--by", "ana",
                "--note", "too many incidents");

        // then
        assertThat(run.exit()).as(run.transcript()).isZero();
        assertThat(run.out()).contains("rolled back to " + shipped.version() + " (sha256 " + shipped.shortSha() + ") on "
                + url() + ", replacing " + raised.version());
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(shipped.sha256());
    }

    @Test
    void shouldSayWhichVersionsCanBeNamedWhenARollbackTargetIsUnknown() throws Exception {
        // given
        startEngine();

        // when
        CliRun run = CliRun.of("rollback", "--to", "9.9.9", "--url", url(), "--token-file", tokenFile.toString());

        // then
        assertThat(run.exit()).as(run.transcript()).isEqualTo(1);
        assertThat(run.out()).contains("refused (HTTP 404").contains("'9.9.9'")
                .contains("healing-engine versions --url " + url());
    }

    @Test
    void shouldListTheHistoryNewestFirstWithTheActiveVersionMarked() throws Exception {
        // given: shipped → raised (deploy) → shipped (rollback)
        startEngine();
        CompiledRules raised = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500);
        assertThat(deploy(kjarFile(temp, raised)).exit()).isZero();
        assertThat(CliRun.of("rollback", "--url", url(), "--token-file", tokenFile.toString()).exit()).isZero();

        // when
        CliRun table = CliRun.of("versions", "--url", url());
        CliRun json = CliRun.of("versions", "--url", url(), "--json");

        // then: one line per entry, newest first; the rollback that made the shipped rules active again is marked
        assertThat(table.exit()).as(table.transcript()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("active on " + url() + ": " + shipped.version() + " (sha256 "
                + shipped.shortSha() + "), embedded (precompiled)");
        assertThat(lines.get(1)).startsWith("  SEQ  ACTION");
        assertThat(lines.get(2)).startsWith("*   3  rollback  " + shipped.version() + "  " + shipped.shortSha());
        assertThat(lines.get(3)).startsWith("    2  deploy    " + raised.version() + "  " + raised.shortSha())
                .endsWith("raise the throughput floor");
        assertThat(lines.get(4)).startsWith("    1  baseline  " + shipped.version());
        assertThat(lines).hasSize(5);
        assertThat(EngineFixture.JSON.readTree(json.out())).isEqualTo(engine.getJson("/api/v1/kjars"));
    }

    @Test
    void shouldExitTwoAndSayWhatToDoWhenTheEngineCannotBeReached() throws Exception {
        // given: a port nothing listens on, and a token (so that only the engine is missing)
        String nowhere = "http://127.0.0.1:" + EngineFixture.freePort();
        Path token = Files.writeString(temp.resolve("token"), TOKEN);

        // when
        CliRun versions = CliRun.of("versions", "--url", nowhere);
        CliRun deploy = CliRun.of("deploy", RuleVariants.copyOfProject("cli-unreachable").toString(), "--url", nowhere,
                "--token-file", token.toString());
        CliRun rollback = CliRun.of("rollback", "--url", nowhere, "--token-file", token.toString());

        // then: exit 2, the address, and how to fix it; a directory is not even compiled
        for (CliRun run : List.of(versions, deploy, rollback)) {
            assertThat(run.exit()).as(run.transcript()).isEqualTo(2);
            assertThat(run.err()).contains("cannot reach the engine at " + nowhere + " (connection refused): start it")
                    .contains("or point --url at it");
        }
        assertThat(deploy.err()).doesNotContain("compiling");
    }

    @Test
    void shouldExitTwoWithoutATokenAndNeverTakeOneOnTheCommandLine() throws Exception {
        // when: no --token-file (and, in the test environment, no HEALING_ENGINE_ADMIN_TOKEN)
        CliRun missing = CliRun.of("rollback", "--url", "http://127.0.0.1:1");
        CliRun onCommandLine = CliRun.of("rollback", "--token", TOKEN);

        // then
        if (System.getenv("HEALING_ENGINE_ADMIN_TOKEN") == null) {
            assertThat(missing.exit()).as(missing.transcript()).isEqualTo(2);
            assertThat(missing.err()).contains("no admin token").contains("--token-file FILE");
        }
        assertThat(onCommandLine.exit()).isEqualTo(2);
        assertThat(onCommandLine.err()).contains("'--token'");
    }
}
