package io.healingengine.domain;

/** Consecutive fixes in one area that failed or were not verified; a verified fix ends the streak. */
public class FailureStreak {
    private final String area;
    private int failures;

    public FailureStreak(String area) {
        this.area = area;
    }

    public String getArea() {
        return area;
    }

    public int getFailures() {
        return failures;
    }

    public void setFailures(int failures) {
        this.failures = failures;
    }
}
