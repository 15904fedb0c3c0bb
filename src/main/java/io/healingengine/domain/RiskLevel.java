package io.healingengine.domain;

/** How much harm an action can do if it is wrong. */
public enum RiskLevel {
    NONE, LOW, MEDIUM, HIGH;

    /** "low", "medium" … as written in decision tables. */
    public static RiskLevel parse(String text) {
        return valueOf(text.trim().toUpperCase());
    }

    public boolean atLeast(RiskLevel other) {
        return compareTo(other) >= 0;
    }
}
