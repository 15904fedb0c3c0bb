package io.healingengine.rules;

/**
 * One thing wrong with a rule set, located as its author knows it: the file (rules/…, decision-tables/…)
 * and, where known, the line of a DRL file or the sheet, row and column of a decision table.
 *
 * @param file     the file as the author knows it
 * @param location "line 12", "sheet Policies, row 34, column D "Latency p99 above (ms)" (rule
 *                 critical-latency-spike)" (the column only when it is certain), or "" when unknown
 * @param message  what is wrong, in the compiler's words
 * @param error    an error (the rules cannot run) rather than a warning
 */
public record RuleProblem(String file, String location, String message, boolean error) {
    /** {@code ERROR file: location: message}, the way compilers print it. */
    @Override
    public String toString() {
        return (error ? "ERROR " : "WARNING ") + file + ": " + (location.isEmpty() ? "" : location + ": ") + message;
    }
}
