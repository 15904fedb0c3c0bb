package io.healingengine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Versions of the shipped rules for deploy tests: the project's rules/ and decision-tables/ copied to a
 * directory, with one number of one policy row changed as an analyst would change it in the spreadsheet,
 * compiled once per JVM.
 */
public final class RuleVariants {
    static final String POLICIES = "decision-tables/policies/Policies.drl.xlsx";
    private static final Map<String, CompiledRules> COMPILED = new ConcurrentHashMap<>();

    private RuleVariants() {
    }

    /** The shipped rules exactly as the engine loads them (precompiled in target/classes). */
    public static CompiledRules shipped() {
        return COMPILED.computeIfAbsent("<shipped>", k -> PrecompiledRules.matching(RuleSource.embedded())
                .orElseGet(() -> RuleCompiler.compile(RuleSource.embedded())));
    }

    /**
     * The shipped rules with policy {@code rule}'s threshold {@code from} changed to {@code to}, e.g.
     * critical-latency-spike acting above 300 ms instead of 500 ms.
     */
    public static CompiledRules withPolicyThreshold(String rule, double from, double to) {
        return COMPILED.computeIfAbsent(rule + ":" + from + "->" + to, k -> {
            Path dir = copyOfProject(rule + "-" + to);
            editPolicyCell(dir.resolve(POLICIES), rule, from, to);
            return RuleCompiler.compile(RuleSource.fromProjectDirectory(dir));
        });
    }

    /** A copy of the project's rules/ and decision-tables/ in a new temporary directory. */
    public static Path copyOfProject(String label) {
        try {
            Path dir = Files.createTempDirectory("rules-" + label.replaceAll("[^A-Za-z0-9.-]", "_") + "-");
            for (String top : new String[] {"rules", "decision-tables"}) {
                Path from = RuleHarness.projectRoot().resolve(top);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                        Path target = dir.resolve(top).resolve(from.relativize(file).toString());
                        if (Files.isDirectory(file)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(file, target);
                        }
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the numeric cell equal to {@code from} in the row whose first cell is {@code rule} to {@code to}. */
    public static void editPolicyCell(Path workbook, String rule, double from, double to) {
        try (InputStream in = Files.newInputStream(workbook); XSSFWorkbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            boolean changed = false;
            for (Row row : sheet) {
                Cell name = row.getCell(0);
                if (name == null || name.getCellType() != CellType.STRING || !name.getStringCellValue().equals(rule)) {
                    continue;
                }
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.NUMERIC && cell.getNumericCellValue() == from) {
                        cell.setCellValue(to);
                        changed = true;
                        break;
                    }
                }
            }
            if (!changed) {
                throw new IllegalArgumentException("no row " + rule + " with a cell " + from + " in " + workbook);
            }
            try (OutputStream out = Files.newOutputStream(workbook)) {
                book.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
