package io.healingengine.domain;

import java.util.Arrays;
import java.util.Optional;

/** The healing actions the engine knows, by their stable id as written in decision tables and APIs. */
public enum ActionKind {
    RESTART("restart", RiskLevel.LOW, true, false),
    SCALE_UP("scale-up", RiskLevel.MEDIUM, true, true),
    ROLLBACK("rollback", RiskLevel.HIGH, true, true),
    CIRCUIT_BREAK("circuit-break", RiskLevel.LOW, true, false),
    FALLBACK("fallback", RiskLevel.LOW, true, false),
    ALERT_ONCALL("alert-oncall", RiskLevel.NONE, false, false),
    NOOP("noop", RiskLevel.NONE, false, false);

    private final String id;
    private final RiskLevel risk;
    private final boolean intrusive;
    private final boolean changesState;

    /**
     * @param intrusive    it acts on the service (counts against the daily budget); a page does not
     * @param changesState it leaves the system changed (capacity, version), so it must declare how to
     *                     undo it
     */
    ActionKind(String id, RiskLevel risk, boolean intrusive, boolean changesState) {
        this.id = id;
        this.risk = risk;
        this.intrusive = intrusive;
        this.changesState = changesState;
    }

    public RiskLevel risk() {
        return risk;
    }

    public boolean intrusive() {
        return intrusive;
    }

    public boolean changesState() {
        return changesState;
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
