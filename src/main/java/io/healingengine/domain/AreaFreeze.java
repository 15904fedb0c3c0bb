package io.healingengine.domain;

/** An area in which no automatic action runs until {@code endsAt} (engine time, ms), or until unfrozen by hand. */
public final class AreaFreeze {
    private final String area;
    private final long since;
    private final long endsAt;
    private final String reason;

    public AreaFreeze(String area, long since, long endsAt, String reason) {
        this.area = area;
        this.since = since;
        this.endsAt = endsAt;
        this.reason = reason;
    }

    public String getArea() {
        return area;
    }

    public long getSince() {
        return since;
    }

    public long getEndsAt() {
        return endsAt;
    }

    public String getReason() {
        return reason;
    }

    @Override
    public String toString() {
        return "AreaFreeze[" + area + " endsAt " + endsAt + ": " + reason + "]";
    }
}
