package io.healingengine.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleFiringListener;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.RuleSource;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analysts' round trip is real: a workbook opened and saved by LibreOffice Calc (Debian's
 * libreoffice-calc-nogui, installed by scripts/install-test-tools.sh) still compiles to the same rules
 * and decides the same.
 */
class LibreOfficeRoundTripIT {
    @TempDir
    Path temp;

    static Stream<String> tables() {
        return Stream.of("decision-tables/policies/Policies.drl.xlsx", "decision-tables/guards/GuardLimits.drl.xlsx",
                "decision-tables/errors/ErrorTaxonomy.drl.xlsx");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void shouldCompileToTheSameRulesAfterLibreOfficeSavedTheWorkbook(String table) throws Exception {
        // given: the workbook as an analyst's LibreOffice saves it
        byte[] original = Files.readAllBytes(Path.of(table));
        byte[] saved = saveWithLibreOffice(Path.of(table));
        assertThat(saved).isNotEqualTo(original);

        // when / then: the same rules come out of it
        assertThat(drlOf(saved)).isEqualTo(drlOf(original));
    }

    @org.junit.jupiter.api.Test
    void shouldDecideTheSameAfterLibreOfficeSavedThePolicies() throws Exception {
        // given: the policies workbook saved by LibreOffice, compiled as the engine compiles it
        byte[] saved = saveWithLibreOffice(Path.of("decision-tables/policies/Policies.drl.xlsx"));
        CompiledRules rules = RuleCompiler.compile(RuleSource.of(Map.of("policies/Policies.drl.xlsx", saved), "saved"));

        // when: a service's p99 latency is 600 ms
        try (RuleSession session = RuleSession.open(rules, true, 0, null, RuleFiringListener.NONE)) {
            session.insert(new ManagedService("svc-a", "standard", false, 10_000));
            session.insert(new MetricState("svc-a", "latency_p99", 600, session.now()));
            session.fireAll();

            // then: critical-latency-spike matches with its ladder, as with the committed workbook
            List<PolicyMatch> matches = session.facts(PolicyMatch.class);
            assertThat(matches).extracting(PolicyMatch::getPolicy).containsExactly("critical-latency-spike");
            assertThat(matches.get(0).getActions()).containsExactly("restart", "alert-oncall");
        }
    }

    private byte[] saveWithLibreOffice(Path table) throws Exception {
        Path in = Files.createDirectories(temp.resolve("in")).resolve(table.getFileName());
        Files.copy(table, in);
        Path out = Files.createDirectories(temp.resolve("out"));
        Process soffice = new ProcessBuilder("soffice", "-env:UserInstallation=" + temp.resolve("profile").toUri(),
                "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", out.toString(), in.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("soffice.log").toFile())
                .start();
        assertThat(soffice.waitFor(120, TimeUnit.SECONDS)).as("soffice finished in time").isTrue();
        Path saved = out.resolve(table.getFileName());
        assertThat(saved).as(Files.readString(temp.resolve("soffice.log"))).exists();
        return Files.readAllBytes(saved);
    }

    private static String drlOf(byte[] workbook) {
        return new SpreadsheetCompiler().compile(new ByteArrayInputStream(workbook), InputType.XLS);
    }
}
