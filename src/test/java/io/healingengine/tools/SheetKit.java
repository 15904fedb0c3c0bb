package io.healingengine.tools;

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
 * What the decision-table writers share: cell styles and the few ways they write cells into one sheet
 * whose table ends at {@code lastCol}. Merged help cells get their blank cells created before merging:
 * Drools' ExcelParser skips missing cells of a merged region.
 */
final class SheetKit {
    /** The kind of a RuleTable column, which sets its header colour. */
    enum Kind { ATTRIBUTE, CONDITION, ACTION }

    private final Sheet sheet;
    private final Styles styles;
    private final int lastCol;
    private final java.util.function.IntUnaryOperator widthOf;

    /** @param widthOf the width, in characters, of column {@code c} */
    SheetKit(XSSFWorkbook wb, Sheet sheet, int lastCol, java.util.function.IntUnaryOperator widthOf) {
        this.sheet = sheet;
        this.styles = new Styles(wb);
        this.lastCol = lastCol;
        this.widthOf = widthOf;
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
