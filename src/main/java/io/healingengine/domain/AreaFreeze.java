package io.healingengine.domain;

/** An area in which no automatic action runs until {@code until} (engine time, ms), or until unfrozen by hand. */
public final class AreaFreeze {
    private final String area;
    private final long since;
    private final long until;
    private final String reason;

    public AreaFreeze(String area, long since, long until, String reason) {
        this.area = area;
        this.since = since;
        this.until = until;
        this.reason = reason;
    }

    public String getArea() {
        return area;
    }

    public long getSince() {
        return since;
    }

    public long getUntil() {
        return until;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "AreaFreeze[" + area + " until " + until + ": " + reason + "]";
    }
}
