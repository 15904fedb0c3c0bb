package io.healingengine.bench;

/** Where a benchmark phase reports its progress (a formatted line). */
@FunctionalInterface
interface Say {
    void log(String format, Object... args);
}
