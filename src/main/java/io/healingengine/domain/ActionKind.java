package io.healingengine.domain;

import java.util.Arrays;
import java.util.Optional;

/** The healing actions the engine knows, by their stable id as written in decision tables and APIs. */
public enum ActionKind {
    RESTART("restart"),
    SCALE_UP("scale-up"),
    ROLLBACK("rollback"),
    CIRCUIT_BREAK("circuit-break"),
    FALLBACK("fallback"),
    ALERT_ONCALL("alert-oncall"),
    NOOP("noop");

    private final String id;

    ActionKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ActionKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** Ids that a policy ladder may name (noop only serves dry runs). */
    public static String ladderIds() {
        return String.join(", ", Arrays.stream(values()).filter(k -> k != NOOP).map(ActionKind::id).toList());
    }
}
