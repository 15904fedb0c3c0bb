package io.healingengine.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * What the decision-table writers share: the layout of a workbook (glossary above, then the RuleSet
 * properties, then the RuleTable), cell styles, and the few ways they write cells into one sheet whose
 * table ends at {@code lastCol}. Merged cells get their blank cells created before merging: Drools'
 * ExcelParser skips missing cells of a merged region.
 */
final class SheetKit {
    /** The kind of a RuleTable column, which sets its header colour. */
    enum Kind { ATTRIBUTE, CONDITION, ACTION }

    /** One column of a rule table, as a writer describes it (its own record implements this). */
    interface Column {
        Kind kind();

        /** The keyword in the table's first row: NAME, CONDITION, ACTION … */
        String header();

        /**
         * The pattern of a CONDITION column, e.g. {@code $e : ErrorEvent}. A CONDITION column without one
         * continues the pattern of the column before it: their object-type cells are merged, so their
         * constraints end up in one pattern.
         */
        default String objectType() {
            return null;
        }

        String code();

        String label();

        /** Width in characters. */
        int width();

        /** What the glossary above the table says about the column. */
        String help();
    }

    private final Sheet sheet;
    private final Styles styles;
    private final int lastCol;
    private final IntUnaryOperator widthOf;

    /** @param widthOf the width, in characters, of column {@code c} */
    private SheetKit(XSSFWorkbook wb, Sheet sheet, int lastCol, IntUnaryOperator widthOf) {
        this.sheet = sheet;
        this.styles = new Styles(wb);
        this.lastCol = lastCol;
        this.widthOf = widthOf;
    }

    /** A new sheet for a table of {@code columns}: their widths, printed landscape and one page wide. */
    static SheetKit sheet(XSSFWorkbook wb, String name, List<? extends Column> columns) {
        Sheet sheet = wb.createSheet(name);
        for (int c = 0; c < columns.size(); c++) {
            sheet.setColumnWidth(c, columns.get(c).width() * 256);
        }
        sheet.setFitToPage(true);
        sheet.getPrintSetup().setLandscape(true);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        return new SheetKit(wb, sheet, columns.size() - 1, c -> columns.get(c).width());
    }

    /** Writes {@code workbook} to the one path in {@code args} (a writer's command line), creating its folder. */
    static Path save(XSSFWorkbook workbook, String[] args, Class<?> writer) throws IOException {
        try (workbook) {
            if (args.length != 1) {
                throw new IllegalArgumentException("usage: " + writer.getSimpleName()
                        + " <output .drl.xlsx>, but got " + args.length + " arguments");
            }
            Path out = Path.of(args[0]);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                workbook.write(os);
            }
            return out;
        }
    }

    /**
     * The help at the top of the sheet: the title, what the table is for, one row per column ("C · label" and
     * its help) and the general notes, then an empty row. Returns the next row.
     */
    int glossary(String title, String intro, String columnsHeading, List<? extends Column> columns,
                 List<String[]> notes) {
        int r = 0;
        text(r++, styles.title, title);
        wideText(r++, 0, styles.wrap, intro);
        r++;
        Row head = sheet.createRow(r++);
        cell(head, 0, styles.bold, "Column");
        wideCell(head, 1, styles.bold, columnsHeading);
        char letter = 'A';
        for (Column column : columns) {
            Row row = sheet.createRow(r++);
            cell(row, 0, styles.wrap, letter++ + " · " + column.label());
            wideCell(row, 1, styles.wrap, column.help());
        }
        for (String[] note : notes) {
            Row row = sheet.createRow(r++);
            cell(row, 0, styles.wrap, note[0]);
            wideCell(row, 1, styles.wrap, note[1]);
        }
        return r + 1;
    }

    /**
     * The RuleTable cell at row {@code r}, then the keyword, object-type, code and label rows of
     * {@code columns} (heights in points); keeps column A, the rule names, in view when scrolling right.
     * Returns the row of the first rule.
     */
    int ruleTable(int r, String name, List<? extends Column> columns, float typesHeight, float codesHeight,
                  float labelsHeight) {
        text(r++, styles.bold, "RuleTable " + name);
        Row headers = sheet.createRow(r++);
        Row types = sheet.createRow(r++);
        Row codes = sheet.createRow(r++);
        Row labels = sheet.createRow(r++);
        types.setHeightInPoints(typesHeight);
        codes.setHeightInPoints(codesHeight);
        labels.setHeightInPoints(labelsHeight);
        int patternStart = -1;
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            cell(headers, c, styles.header(column.kind()), column.header());
            cell(types, c, styles.code, column.objectType());
            cell(codes, c, styles.code, column.code());
            cell(labels, c, styles.label, column.label());
            boolean continues = column.kind() == Kind.CONDITION && column.objectType() == null && patternStart >= 0;
            if (!continues) {
                mergePattern(types.getRowNum(), patternStart, c - 1);
                patternStart = column.kind() == Kind.CONDITION && column.objectType() != null ? c : -1;
            }
        }
        mergePattern(types.getRowNum(), patternStart, columns.size() - 1);
        sheet.createFreezePane(1, 0);
        return r;
    }

    private void mergePattern(int row, int first, int last) {
        if (first >= 0 && last > first) {
            sheet.addMergedRegion(new CellRangeAddress(row, row, first, last));
        }
    }

    /** One rule: its NAME in column A, then {@code cells} (null: an empty cell) styled by column. */
    void rule(int r, String name, Object[] cells, IntFunction<CellStyle> styleOf) {
        Row row = sheet.createRow(r);
        cell(row, 0, styles.data, name);
        for (int c = 1; c <= lastCol; c++) {
            cell(row, c, styleOf.apply(c), cells[c - 1]);
        }
    }

    Styles styles() {
        return styles;
    }

    /** A key/value settings row (RuleSet, Import, Notes …). */
    void property(int r, String key, String value) {
        Row row = sheet.createRow(r);
        cell(row, 0, styles.bold, key);
        wideCell(row, 1, styles.plain, value);
    }

    void text(int r, CellStyle style, String value) {
        cell(sheet.createRow(r), 0, style, value);
    }

    void wideText(int r, int firstCol, CellStyle style, String value) {
        wideCell(sheet.createRow(r), firstCol, style, value);
    }

    /** Writes {@code value} into a cell merged from {@code firstCol} to the table's last column. */
    void wideCell(Row row, int firstCol, CellStyle style, String value) {
        cell(row, firstCol, style, value);
        for (int c = firstCol + 1; c <= lastCol; c++) {
            row.createCell(c).setCellStyle(style);
        }
        sheet.addMergedRegion(new CellRangeAddress(row.getRowNum(), row.getRowNum(), firstCol, lastCol));
        int chars = 0;
        for (int c = firstCol; c <= lastCol; c++) {
            chars += widthOf.applyAsInt(c);
        }
        int lines = Math.max(1, (int) Math.ceil(value.length() * 1.1 / chars));
        row.setHeightInPoints(Math.max(row.getHeightInPoints(), lines * 15f));
    }

    static void cell(Row row, int c, CellStyle style, Object value) {
        Cell cell = row.createCell(c);
        cell.setCellStyle(style);
        if (value instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else if (value instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (value != null) {
            cell.setCellValue(value.toString());
        }
    }

    static final class Styles {
        final CellStyle title;
        final CellStyle bold;
        final CellStyle plain;
        final CellStyle wrap;
        final CellStyle code;
        final CellStyle label;
        final CellStyle data;
        /** Engine-wide cells of the non-default rows: shaded, as they are ignored there. */
        final CellStyle ignored;
        private final CellStyle attributeHeader;
        private final CellStyle conditionHeader;
        private final CellStyle actionHeader;
        private final XSSFWorkbook wb;

        Styles(XSSFWorkbook wb) {
            this.wb = wb;
            Font titleFont = wb.createFont();
            titleFont.setBold(true);
            titleFont.setFontHeightInPoints((short) 14);
            Font boldFont = wb.createFont();
            boldFont.setBold(true);
            Font codeFont = wb.createFont();
            codeFont.setFontName("Liberation Mono");
            codeFont.setFontHeightInPoints((short) 8);
            codeFont.setColor(IndexedColors.GREY_80_PERCENT.getIndex());

            title = style(titleFont, false);
            bold = style(boldFont, false);
            plain = style(null, false);
            wrap = style(null, true);
            code = bordered(style(codeFont, true));
            code.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            code.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            label = bordered(style(boldFont, true));
            data = bordered(style(null, false));
            XSSFCellStyle shaded = (XSSFCellStyle) bordered(style(null, false));
            shaded.setFillForegroundColor(new XSSFColor(new byte[] {(byte) 0xEE, (byte) 0xEE, (byte) 0xEE}, null));
            shaded.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            ignored = shaded;
            attributeHeader = filled(boldFont, IndexedColors.GREY_40_PERCENT);
            conditionHeader = filled(boldFont, IndexedColors.PALE_BLUE);
            actionHeader = filled(boldFont, IndexedColors.LIGHT_GREEN);
        }

        CellStyle header(Kind kind) {
            return switch (kind) {
                case ATTRIBUTE -> attributeHeader;
                case CONDITION -> conditionHeader;
                case ACTION -> actionHeader;
            };
        }

        private CellStyle style(Font font, boolean wrapText) {
            CellStyle s = wb.createCellStyle();
            if (font != null) {
                s.setFont(font);
            }
            s.setWrapText(wrapText);
            s.setVerticalAlignment(VerticalAlignment.TOP);
            return s;
        }

        private CellStyle filled(Font font, IndexedColors color) {
            CellStyle s = bordered(style(font, false));
            s.setFillForegroundColor(color.getIndex());
            s.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            return s;
        }

        private static CellStyle bordered(CellStyle s) {
            s.setBorderTop(BorderStyle.THIN);
            s.setBorderBottom(BorderStyle.THIN);
            s.setBorderLeft(BorderStyle.THIN);
            s.setBorderRight(BorderStyle.THIN);
            return s;
        }
    }
}
