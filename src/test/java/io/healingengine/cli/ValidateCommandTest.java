package io.healingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** validate on real project copies: the shipped rules pass; a typo is reported where the author made it. */
class ValidateCommandTest {
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
        assertThat(output()).contains("ERROR rules/liveness/oops.drl").contains("INVALID");
    }

    @Test
    void shouldNameTheSheetRowAndRuleOfATypoInADecisionTable() throws Exception {
        // given: the critical-latency-spike threshold typed with letter O's: 5OO
        Path table = project.resolve("decision-tables/policies/Policies.drl.xlsx");
        int row = replaceCell(table, "500", "5OO");

        // when
        int exit = new CommandLine(new Main()).execute("validate", project.toString());

        // then
        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("ERROR decision-tables/policies/Policies.drl.xlsx")
                .contains("row " + row).contains("critical-latency-spike");
    }

    @Test
    void shouldRefuseADirectoryWithoutRules(@TempDir Path empty) {
        int exit = new CommandLine(new Main()).execute("validate", empty.toString());

        assertThat(exit).isEqualTo(ValidateCommand.EXIT_INVALID);
        assertThat(output()).contains("no rules/ or decision-tables/");
    }

    /** Replaces the first cell whose text is {@code from}; returns its 1-based row. */
    private static int replaceCell(Path workbook, String from, String to) throws Exception {
        try (InputStream in = Files.newInputStream(workbook); Workbook wb = WorkbookFactory.create(in)) {
            Sheet sheet = wb.getSheetAt(0);
            for (Row row : sheet) {
                for (Cell cell : row) {
                    String text = cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC
                            ? String.valueOf((long) cell.getNumericCellValue()) : cell.toString();
                    if (text.equals(from)) {
                        cell.setCellValue(to);
                        try (OutputStream os = Files.newOutputStream(workbook)) {
                            wb.write(os);
                        }
                        return row.getRowNum() + 1;
                    }
                }
            }
        }
        throw new AssertionError("no cell " + from + " in " + workbook);
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
