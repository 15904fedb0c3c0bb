package io.healingengine.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.DefaultRuleSheetListener;
import org.drools.decisiontable.parser.xls.ExcelParser;

/**
 * A decision table's cells exactly as Drools reads them (the first sheet only, values formatted by Drools
 * itself), the DRL they generate, and the same DRL generated again with one cell changed or left empty:
 * which generated lines change says which cell produced them. Recorded by a listener that is Drools'
 * own, so the DRL is the one the compiler sees. If Drools cannot read the table, the cells read up to
 * the failure are kept and {@link #failure()} says why.
 */
final class TableRecording {
    /** One call Drools' parser made on its listener: a new row, or a non-blank cell (0-based row, column). */
    record Event(boolean newRow, int row, int column, String value, int mergedColumnStart) {
    }

    private final String sheet;
    private final List<Event> events;
    private final String drl;
    private final RuntimeException failure;
    private final byte[] content;

    private TableRecording(String sheet, List<Event> events, String drl, RuntimeException failure, byte[] content) {
        this.sheet = sheet;
        this.events = List.copyOf(events);
        this.drl = drl;
        this.failure = failure;
        this.content = content;
    }

    /** Reads a table; {@code resource} only tells CSV from XLS/XLSX. Empty if the file is no table at all. */
    static Optional<TableRecording> of(String resource, byte[] content) {
        Recorder recorder = new Recorder();
        String sheet = null;
        try {
            if (resource.endsWith(".csv")) {
                InputType.CSV.createParser(recorder).parseFile(new ByteArrayInputStream(content));
            } else {
                Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content));
                sheet = workbook.getNumberOfSheets() > 0 ? workbook.getSheetName(0) : null;
                new ExcelParser(recorder).parseWorkbook(workbook); // closes the workbook
            }
            return Optional.of(new TableRecording(sheet, recorder.events, render(recorder), null, content));
        } catch (IOException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(new TableRecording(sheet, recorder.events, null, e, content));
        }
    }

    /** The name of the sheet Drools compiles (the first one); null for CSV. */
    String sheet() {
        return sheet;
    }

    /** The generated DRL, or null if Drools could not read the table. */
    String drl() {
        return drl;
    }

    RuntimeException failure() {
        return failure;
    }

    /**
     * The value Drools read from a cell (0-based), or null if it was blank; for a cell Drools did not get
     * to because it failed first, the cell's text as the spreadsheet shows it.
     */
    String value(int row, int column) {
        for (Event event : events) {
            if (!event.newRow() && event.row() == row && event.column() == column) {
                return event.value();
            }
        }
        return failure == null || sheet == null ? null : shownText(row, column);
    }

    private String shownText(int row, int column) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Row cells = workbook.getSheetAt(0).getRow(row);
            Cell cell = cells == null ? null : cells.getCell(column);
            String text = cell == null ? "" : new DataFormatter(Locale.ENGLISH).formatCellValue(cell);
            return text.isBlank() ? null : text;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The non-blank cells Drools read on a row (0-based), left to right. */
    List<Event> cells(int row) {
        return events.stream().filter(e -> !e.newRow() && e.row() == row).toList();
    }

    /**
     * The DRL generated with the cell at (row, column) holding {@code replacement} instead, or left empty
     * when it is null; empty if Drools cannot read the table so changed.
     */
    Optional<String> drlWith(int row, int column, String replacement) {
        DefaultRuleSheetListener listener = new DefaultRuleSheetListener();
        try {
            for (Event event : events) {
                if (event.newRow()) {
                    listener.newRow(event.row(), event.column());
                } else if (event.row() != row || event.column() != column) {
                    listener.newCell(event.row(), event.column(), event.value(), event.mergedColumnStart());
                } else if (replacement != null) {
                    listener.newCell(event.row(), event.column(), replacement, event.mergedColumnStart());
                }
            }
            listener.finishSheet();
            return Optional.of(render(listener));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String render(DefaultRuleSheetListener listener) {
        return new SpreadsheetCompiler().listenerToString(listener);
    }

    /** Drools' own listener (so its parser applies the table's number settings), recording as it goes. */
    private static final class Recorder extends DefaultRuleSheetListener {
        private final List<Event> events = new ArrayList<>();

        @Override
        public void newRow(int row, int columns) {
            events.add(new Event(true, row, columns, null, 0));
            super.newRow(row, columns);
        }

        @Override
        public void newCell(int row, int column, String value, int mergedColumnStart) {
            if (value != null && !value.isBlank()) {
                events.add(new Event(false, row, column, value, mergedColumnStart));
            }
            super.newCell(row, column, value, mergedColumnStart);
        }
    }
}
