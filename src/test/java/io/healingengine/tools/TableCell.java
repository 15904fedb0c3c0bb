package io.healingengine.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * One data cell of a decision table, found as an analyst would: the row of a rule (its NAME cell) and the
 * column under a description, e.g. ("critical-latency-spike", "Cooldown (s)"). {@link #withValue} gives a
 * copy of the workbook with that cell changed, for tests of broken tables; the shipped file is only read.
 *
 * @param row    1-based sheet row, as the spreadsheet shows it
 * @param column column letter, e.g. "L"
 * @param label  the column's description, as written in the table
 */
public record TableCell(Path workbook, int row, String column, String label) {

    /** The cell of rule {@code rule} in the column described as {@code label}, on the first sheet. */
    public static TableCell of(Path workbook, String rule, String label) {
        try (Workbook wb = open(Files.readAllBytes(workbook))) {
            Sheet sheet = wb.getSheetAt(0);
            Integer ruleRow = null;
            Integer labelColumn = null;
            for (Row row : sheet) {
                for (Cell cell : row) {
                    String text = text(cell);
                    if (text.equals(rule) && ruleRow == null) {
                        ruleRow = row.getRowNum();
                    } else if (text.equals(label) && ruleRow == null) {
                        labelColumn = cell.getColumnIndex(); // the description row lies above the rules
                    }
                }
            }
            if (ruleRow == null || labelColumn == null) {
                throw new IllegalArgumentException("no rule " + rule + " or column " + label + " in " + workbook);
            }
            return new TableCell(workbook, ruleRow + 1, CellReference.convertNumToColString(labelColumn), label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workbook's bytes with this cell holding {@code value} (as text). */
    public byte[] withValue(String value) {
        try (Workbook wb = open(Files.readAllBytes(workbook)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Row cells = wb.getSheetAt(0).getRow(row - 1);
            int index = CellReference.convertColStringToIndex(column);
            Cell cell = cells.getCell(index) != null ? cells.getCell(index) : cells.createCell(index);
            cell.setCellValue(value);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the changed copy over {@code target} (a copy of the workbook, never the shipped one). */
    public void writeValue(Path target, String value) throws IOException {
        if (target.toAbsolutePath().normalize().equals(workbook.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("refusing to change the shipped table " + workbook);
        }
        Files.write(target, withValue(value));
    }

    private static Workbook open(byte[] bytes) throws IOException {
        return WorkbookFactory.create(new ByteArrayInputStream(bytes));
    }

    private static String text(Cell cell) {
        return new DataFormatter().formatCellValue(cell).strip();
    }
}
