package io.healingengine.bench;

import java.util.List;

/** The benchmark's one table, as Markdown (readable in a terminal, pasteable into docs/benchmarks.md). */
final class ResultTable {
    private ResultTable() {
    }

    static String render(List<BenchmarkMain.Row> rows) {
        StringBuilder md = new StringBuilder("| figure | measured | baseline (same run) | ratio | target | met |\n")
                .append("|---|---|---|---|---|---|\n");
        for (BenchmarkMain.Row row : rows) {
            md.append("| ").append(row.figure()).append(" | ").append(row.measured()).append(" | ")
                    .append(row.baseline()).append(" | ").append(row.ratio()).append(" | ").append(row.target())
                    .append(" | ").append(row.target().isEmpty() ? "—" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }
}
