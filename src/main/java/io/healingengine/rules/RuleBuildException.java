package io.healingengine.rules;

import java.util.List;

/** The rules did not compile. Each problem names its file and, where known, its line, sheet or row. */
public final class RuleBuildException extends RuntimeException {
    private final List<RuleProblem> problems;

    public RuleBuildException(List<RuleProblem> problems) {
        super("rules do not compile:\n  " + String.join("\n  ", problems.stream().map(RuleProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
