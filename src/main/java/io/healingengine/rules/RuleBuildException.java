package io.healingengine.rules;

import java.util.List;

/** The rules did not compile. Each error names its file and, where Drools knows it, the line. */
public final class RuleBuildException extends RuntimeException {
    private final List<String> errors;

    public RuleBuildException(List<String> errors) {
        super("rules do not compile:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
