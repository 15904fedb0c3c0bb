package io.healingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.tools.TableCell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** validate on real project copies: the shipped rules pass; a typo is reported where the author made it. */
class ValidateCommandTest {
    private static final String POLICIES = "decision-tables/policies/Policies.drl.xlsx";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @TempDir
    Path project;

    @BeforeEach
    void captureStdout() throws Exception {
        originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        copy("rules");
        copy("decision-tables");
        copy("kjar/src/main/resources/META-INF");
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
    }

    @Test
    void shouldPassTheShippedRules() {
        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        assertThat(exit).as(output()).isZero();
        assertThat(output()).contains("OK " + project);
    }

    @Test
    void shouldNameTheFileAndLineOfABrokenDrlRule() throws Exception {
        // given: a consequence calling a method that does not exist, on line 4
        Files.writeString(project.resolve("rules/liveness/oops.drl"),
                "package healing.liveness;\nimport io.healingengine.domain.Liveness;\nrule \"oops\"\nwhen Liveness($l : this)\nthen $l.explode();\nend\n");

        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("ERROR rules/liveness/oops.drl: line ").contains("INVALID");
    }

    @Test
    void shouldNameTheSheetRowAndColumnOfATypoInAConditionCell() throws Exception {
        // given: the critical-latency-spike threshold typed with letter O's: 5OO
        Path table = project.resolve(POLICIES);
        TableCell cell = TableCell.of(Path.of(POLICIES), "critical-latency-spike", "Latency p99 above (ms)");
        cell.writeValue(table, "5OO");

        // when
        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        // then
        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("ERROR " + POLICIES + ": sheet Policies, row " + cell.row() + ", column "
                + cell.column() + " \"Latency p99 above (ms)\" (rule critical-latency-spike): ");
    }

    @Test
    void shouldNameTheSheetRowAndColumnOfAWordInAnActionCell() throws Exception {
        // given: the cooldown of high-error-rate written as a word
        Path table = project.resolve(POLICIES);
        TableCell cell = TableCell.of(Path.of(POLICIES), "high-error-rate", "Cooldown (s)");
        cell.writeValue(table, "five minutes");

        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("ERROR " + POLICIES + ": sheet Policies, row " + cell.row() + ", column "
                + cell.column() + " \"Cooldown (s)\" (rule high-error-rate): ");
    }

    @Test
    void shouldRefuseARegularExpressionThatDoesNotCompileInsteadOfFailingAtStart() throws Exception {
        // given: a message pattern with an unclosed group — valid DRL text, not a valid pattern
        String taxonomy = "decision-tables/errors/ErrorTaxonomy.drl.xlsx";
        TableCell cell = TableCell.of(Path.of(taxonomy), "classify-too-many-open-files", "Message pattern (regular expression)");
        cell.writeValue(project.resolve(taxonomy), "too many (open files");

        // when
        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        // then: refused with the reason, not an Error escaping from the first session
        assertThat(exit).as(output()).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("rule base cannot be built").contains("INVALID");
    }

    @Test
    void shouldRefuseADirectoryWithoutRules(@TempDir Path empty) {
        int exit = new CommandLine(new Main()).execute("validate", empty.toString());

        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("no rules/ or decision-tables/");
    }

    private void copy(String relative) throws Exception {
        Path from = Path.of(relative);
        try (var files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path to = project.resolve(file.toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
