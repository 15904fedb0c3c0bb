package io.healingengine.domain;

/** How much harm an action can do if it is wrong. */
public enum RiskLevel {
    NONE, LOW, MEDIUM, HIGH;

    /** "low", "medium" … as written in decision tables. */
    public static RiskLevel parse(String text) {
        for (RiskLevel level : values()) {
            if (text != null && level.name().equalsIgnoreCase(text.trim())) {
                return level;
            }
        }
        throw new IllegalArgumentException("risk must be none, low, medium or high, but was '" + text + "'");
    }

    public boolean atLeast(RiskLevel other) {
        return compareTo(other) >= 0;
    }
}
