package io.healingengine.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A rule project for benchmarks: the repository's {@code rules/}, {@code decision-tables/} and kjar
 * {@code kmodule.xml} copied to a directory, with {@code N} generated policy rows appended below the last row
 * of the shipped policy table and, if asked, the default guard-limits row opened up for a benchmark that
 * dispatches thousands of actions.
 *
 * <p>The generated rows are found and written by their column labels ("Policy id", "Latency p99 above (ms)"
 * …), as an analyst reads the sheet, so a moved or added column does not break them; the shipped rows stay
 * as they are. Row {@code j} is {@code bench-policy-%04d}, applies to {@code BenchFleet.tierName(j % tiers)},
 * and has one or two metric conditions whose thresholds lie in the unhealthy range only, so that
 * {@link BenchFleet#healthy} values never match it:
 * <ul>
 *   <li>latency p99 above 400–3,000 ms, error rate above 0.10–0.50, throughput below 10–400 req/s, CPU or
 *       memory above 0.70–0.99;</li>
 *   <li>priority 1–9 (never 10: the shipped {@code critical-latency-spike} row keeps winning a
 *       {@link BenchFleet#LATENCY_SPIKE_MS} spike), cooldown 300 s, validation 30 s, dry run false, and the
 *       ladder {@code restart} (low risk: no approval, no rollback plan needed).</li>
 * </ul>
 * The same seed writes the same rows.
 */
public final class PolicyVariant {
    public static final String POLICIES = "decision-tables/policies/Policies.drl.xlsx";
    public static final String GUARD_LIMITS = "decision-tables/guards/GuardLimits.drl.xlsx";
    public static final String ROW_PREFIX = "bench-policy-";
    /** The kbase and session settings the shipped kjar is built with (equality, STREAM, realtime clock). */
    static final String KMODULE = "kjar/src/main/resources/META-INF/kmodule.xml";

    /** Limits of the relaxed default row: far above what a benchmark run dispatches. */
    static final List<Map.Entry<String, Integer>> RELAXED_LIMITS = List.of(
            Map.entry("Actions per minute (engine-wide)", 1_000_000),
            Map.entry("Actions per hour (engine-wide)", 10_000_000),
            Map.entry("Max in flight (engine-wide)", 1_000_000),
            Map.entry("Daily budget (actions per area)", 1_000),
            Map.entry("Dedup window (min)", 1),
            Map.entry("Restart-loop count", 1_000));

    private static final String POLICY_ID = "Policy id";
    /** 2026-01-01T00:00:00Z. */
    private static final long ENTRY_TIME = 1_767_225_600_000L;
    private static final String LIMITS_ID = "Limits id";

    /** One metric a generated row may test: its column and how a threshold in the unhealthy range is drawn. */
    private enum Condition {
        LATENCY("latency_p99", "Latency p99 above (ms)", 400, 2_601, 1),
        ERROR_RATE("error_rate", "Error rate above (fraction)", 10, 41, 100),
        THROUGHPUT("throughput", "Throughput below (req/s)", 10, 391, 1),
        CPU("cpu_util", "CPU above (fraction)", 70, 30, 100),
        MEMORY("memory_util", "Memory above (fraction)", 70, 30, 100);

        final String metric;
        final String label;
        private final int lowest;
        private final int choices;
        private final double scale;

        /** Thresholds are {@code (lowest + k) / scale} for k drawn from 0 to {@code choices - 1}. */
        Condition(String metric, String label, int lowest, int choices, double scale) {
            this.metric = metric;
            this.label = label;
            this.lowest = lowest;
            this.choices = choices;
            this.scale = scale;
        }

        double threshold(Random random) {
            return (lowest + random.nextInt(choices)) / scale;
        }
    }

    private PolicyVariant() {
    }

    /**
     * Writes the variant project into {@code out} (created if needed; files already there are replaced).
     *
     * @param repoRoot    the repository, whose {@code rules/}, {@code decision-tables/} and kjar kmodule.xml are
     *                    copied
     * @param rows        policy rows to append, 0 or more
     * @param fleet       its tier count spreads the rows over the tiers
     * @param seed        the same seed writes the same rows
     * @param relaxGuards open up the default guard-limits row (actions per minute and hour, max in flight,
     *                    daily budget, restart-loop count; a one-minute dedup window)
     * @return {@code out}, a directory {@code RuleSource.fromProjectDirectory} reads
     */
    public static Path write(Path repoRoot, Path out, int rows, BenchFleet fleet, long seed, boolean relaxGuards) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, but was " + rows);
        }
        try {
            copyTree(repoRoot.resolve("rules"), out.resolve("rules"));
            copyTree(repoRoot.resolve("decision-tables"), out.resolve("decision-tables"));
            if (Files.isRegularFile(repoRoot.resolve(KMODULE))) {
                Files.createDirectories(out.resolve(KMODULE).getParent());
                Files.copy(repoRoot.resolve(KMODULE), out.resolve(KMODULE), StandardCopyOption.REPLACE_EXISTING);
            }
            edit(out.resolve(POLICIES), sheet -> appendPolicies(sheet, rows, fleet, seed));
            if (relaxGuards) {
                edit(out.resolve(GUARD_LIMITS), PolicyVariant::relaxDefaultLimits);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The id of generated row {@code j}. */
    public static String rowId(int j) {
        return ROW_PREFIX + "%04d".formatted(j);
    }

    private static void appendPolicies(Sheet sheet, int rows, BenchFleet fleet, long seed) {
        Table table = Table.find(sheet, POLICY_ID);
        int enabled = table.column("Enabled");
        int tiers = table.column("Applies to tiers");
        int priority = table.column("Priority");
        int cooldown = table.column("Cooldown (s)");
        int validation = table.column("Validation window (s)");
        int prediction = table.column("Prediction");
        int dryRun = table.column("Dry run");
        int ladder = table.column("Action ladder");
        Map<Condition, Integer> conditionColumns = new HashMap<>();
        for (Condition condition : Condition.values()) {
            conditionColumns.put(condition, table.column(condition.label));
        }
        Row template = sheet.getRow(table.lastRow);
        int first = table.lastRow + 1;
        if (rows > 0 && first <= sheet.getLastRowNum()) {
            sheet.shiftRows(first, sheet.getLastRowNum(), rows); // whatever lies below the table stays below it
        }
        Random random = new Random(seed);
        for (int j = 0; j < rows; j++) {
            Row row = styledLike(sheet.createRow(first + j), template);
            set(row, table.idColumn, rowId(j));
            set(row, enabled, "true");
            set(row, tiers, BenchFleet.tierName(j % fleet.tiers()));
            List<Condition> pool = new ArrayList<>(List.of(Condition.values()));
            int count = 1 + random.nextInt(2);
            Condition firstCondition = null;
            double firstThreshold = 0;
            for (int c = 0; c < count; c++) {
                Condition condition = pool.remove(random.nextInt(pool.size()));
                double threshold = condition.threshold(random);
                set(row, conditionColumns.get(condition), threshold);
                if (firstCondition == null) {
                    firstCondition = condition;
                    firstThreshold = threshold;
                }
            }
            set(row, priority, 1 + random.nextInt(9));
            set(row, cooldown, 300);
            set(row, validation, 30);
            String recovered = firstCondition == Condition.THROUGHPUT ? " above " : " below ";
            set(row, prediction, firstCondition.metric + recovered + number(firstThreshold) + " within 30 s");
            set(row, dryRun, "false");
            set(row, ladder, "restart");
        }
    }

    private static void relaxDefaultLimits(Sheet sheet) {
        Table table = Table.find(sheet, LIMITS_ID);
        int tier = table.column("Tier");
        Row defaults = null;
        for (int r = table.labelRow + 1; r <= table.lastRow; r++) {
            if ("default".equals(text(sheet.getRow(r).getCell(tier)))) {
                defaults = sheet.getRow(r);
            }
        }
        if (defaults == null) {
            throw new IllegalArgumentException("the guard-limits table has no row for tier default");
        }
        for (Map.Entry<String, Integer> limit : RELAXED_LIMITS) {
            int column = table.column(limit.getKey());
            Cell cell = defaults.getCell(column) != null ? defaults.getCell(column) : defaults.createCell(column);
            cell.setCellValue(limit.getValue());
        }
    }

    /** Where a rule table lies: its label row, the column of each label, and its last rule row. */
    private record Table(int labelRow, int idColumn, Map<String, Integer> columns, int lastRow) {
        /** The table whose label row has a cell reading {@code idLabel} (the NAME column's label). */
        static Table find(Sheet sheet, String idLabel) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (idLabel.equals(text(cell))) {
                        Map<String, Integer> columns = new HashMap<>();
                        row.forEach(c -> columns.putIfAbsent(text(c), c.getColumnIndex()));
                        int id = cell.getColumnIndex();
                        int last = row.getRowNum();
                        while (sheet.getRow(last + 1) != null && !text(sheet.getRow(last + 1).getCell(id)).isEmpty()) {
                            last++;
                        }
                        if (last == row.getRowNum()) {
                            throw new IllegalArgumentException("the table under '" + idLabel + "' has no rows");
                        }
                        return new Table(row.getRowNum(), id, columns, last);
                    }
                }
            }
            throw new IllegalArgumentException("no column labelled '" + idLabel + "' in sheet " + sheet.getSheetName());
        }

        int column(String label) {
            Integer column = columns.get(label);
            if (column == null) {
                throw new IllegalArgumentException("no column labelled '" + label + "' in the table; labels are "
                        + columns.keySet());
            }
            return column;
        }
    }

    /** Gives {@code row} the height and, cell by cell, the styles of {@code template}. */
    private static Row styledLike(Row row, Row template) {
        row.setHeight(template.getHeight());
        for (Cell cell : template) {
            CellStyle style = cell.getCellStyle();
            row.createCell(cell.getColumnIndex()).setCellStyle(style);
        }
        return row;
    }

    private static void set(Row row, int column, Object value) {
        Cell cell = row.getCell(column) != null ? row.getCell(column) : row.createCell(column);
        if (value instanceof Number number) {
            cell.setCellValue(number.doubleValue());
        } else {
            cell.setCellValue(value.toString());
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String text(Cell cell) {
        return cell == null ? "" : new DataFormatter(Locale.ROOT).formatCellValue(cell).strip();
    }

    private static void edit(Path workbook, Consumer<Sheet> edit) throws IOException {
        XSSFWorkbook book;
        try (InputStream in = Files.newInputStream(workbook)) {
            book = new XSSFWorkbook(in);
        }
        try (book; ByteArrayOutputStream written = new ByteArrayOutputStream()) {
            edit.accept(book.getSheetAt(0));
            book.write(written);
            Files.write(workbook, withFixedEntryTimes(written.toByteArray()));
        }
    }

    /**
     * The workbook (a zip) with every entry dated {@link #ENTRY_TIME}: POI dates them at the time of writing,
     * and the same rows should give the same bytes, hence the same source checksum and release version.
     */
    private static byte[] withFixedEntryTimes(byte[] xlsx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xlsx.length);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                ZipEntry fixed = new ZipEntry(entry.getName());
                fixed.setTime(ENTRY_TIME);
                zip.putNextEntry(fixed);
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
