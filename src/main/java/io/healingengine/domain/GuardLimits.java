package io.healingengine.domain;

import java.util.Arrays;
import java.util.Objects;

/**
 * The limits the guards enforce for one service tier, as the guard-limits decision table sets them
 * (one row per tier; the row for tier "default" serves every tier without a row of its own and also
 * carries the engine-wide limits). Defaults are the seeds'.
 */
public class GuardLimits {
    public static final String DEFAULT_TIER = "default";

    private final String tier;
    private int actionsPerMinute = 60;
    private int actionsPerHour = 500;
    private int maxInFlight = 2;
    private int dailyBudget = 5;
    private long dedupWindowMinutes = 120;
    private int restartLoopCount = 3;
    private long restartLoopWindowMinutes = 15;
    private int freezeAfterFailures = 3;
    private long freezeHours = 24;
    private String allowedActions = "any";
    private RiskLevel approvalFromRisk = RiskLevel.MEDIUM;
    private long approvalTimeoutMinutes = 15;
    private boolean approveOnTimeout;

    public GuardLimits(String tier) {
        this.tier = Objects.requireNonNull(tier, "tier");
    }

    public String getTier() {
        return tier;
    }

    /** Engine-wide: actions dispatched per minute (read from the default row). */
    public int getActionsPerMinute() {
        return actionsPerMinute;
    }

    public void setActionsPerMinute(int actionsPerMinute) {
        this.actionsPerMinute = actionsPerMinute;
    }

    /** Engine-wide: actions dispatched per hour (read from the default row). */
    public int getActionsPerHour() {
        return actionsPerHour;
    }

    public void setActionsPerHour(int actionsPerHour) {
        this.actionsPerHour = actionsPerHour;
    }

    /** Engine-wide: actions in flight at once (read from the default row). */
    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Intrusive actions per area per 24 h. */
    public int getDailyBudget() {
        return dailyBudget;
    }

    public void setDailyBudget(int dailyBudget) {
        this.dailyBudget = dailyBudget;
    }

    public long getDedupWindowMinutes() {
        return dedupWindowMinutes;
    }

    public void setDedupWindowMinutes(long dedupWindowMinutes) {
        this.dedupWindowMinutes = dedupWindowMinutes;
    }

    public int getRestartLoopCount() {
        return restartLoopCount;
    }

    public void setRestartLoopCount(int restartLoopCount) {
        this.restartLoopCount = restartLoopCount;
    }

    public long getRestartLoopWindowMinutes() {
        return restartLoopWindowMinutes;
    }

    public void setRestartLoopWindowMinutes(long restartLoopWindowMinutes) {
        this.restartLoopWindowMinutes = restartLoopWindowMinutes;
    }

    public int getFreezeAfterFailures() {
        return freezeAfterFailures;
    }

    public void setFreezeAfterFailures(int freezeAfterFailures) {
        this.freezeAfterFailures = freezeAfterFailures;
    }

    public long getFreezeHours() {
        return freezeHours;
    }

    public void setFreezeHours(long freezeHours) {
        this.freezeHours = freezeHours;
    }

    /** "any", or the action ids this tier permits, separated by commas. */
    public String getAllowedActions() {
        return allowedActions;
    }

    /** @throws IllegalArgumentException naming an action id that does not exist (a typo must not go unseen) */
    public void setAllowedActions(String allowedActions) {
        String value = allowedActions == null || allowedActions.isBlank() ? "any" : allowedActions.trim();
        if (!"any".equalsIgnoreCase(value)) {
            for (String action : value.split(",")) {
                if (ActionKind.fromId(action.trim()).filter(k -> k != ActionKind.NOOP).isEmpty()) {
                    throw new IllegalArgumentException("allowed actions of tier " + tier + ": unknown action '"
                            + action.trim() + "' (known: " + ActionKind.ladderIds() + ")");
                }
            }
        }
        this.allowedActions = value;
    }

    /** Actions at or above this risk need a canary step for the service or a human's approval. */
    public RiskLevel getApprovalFromRisk() {
        return approvalFromRisk;
    }

    public void setApprovalFromRisk(String risk) {
        this.approvalFromRisk = RiskLevel.parse(risk);
    }

    /** How long an approval may stay pending before the default decision applies (default 15 min). */
    public long getApprovalTimeoutMinutes() {
        return approvalTimeoutMinutes;
    }

    public void setApprovalTimeoutMinutes(long approvalTimeoutMinutes) {
        this.approvalTimeoutMinutes = approvalTimeoutMinutes;
    }

    /** The decision applied when an approval times out: deny (false, the default) or approve. */
    public boolean isApproveOnTimeout() {
        return approveOnTimeout;
    }

    public void setApproveOnTimeout(boolean approveOnTimeout) {
        this.approveOnTimeout = approveOnTimeout;
    }

    /** "deny" or "approve", as the guard-limits table writes it. */
    public void setOnApprovalTimeout(String decision) {
        String d = decision == null ? "deny" : decision.trim().toLowerCase();
        if (!d.equals("deny") && !d.equals("approve")) {
            throw new IllegalArgumentException("on approval timeout must be deny or approve, but was '" + decision + "'");
        }
        this.approveOnTimeout = d.equals("approve");
    }

    public boolean permits(String action) {
        if ("any".equalsIgnoreCase(allowedActions) || ActionKind.ALERT_ONCALL.id().equals(action)) {
            return true;
        }
        return Arrays.stream(allowedActions.split(",")).map(String::trim).anyMatch(action::equals);
    }

    /** Window lengths in ms, for rule constraints. */
    public long getDedupWindowMs() {
        return dedupWindowMinutes * 60_000L;
    }

    public long getRestartLoopWindowMs() {
        return restartLoopWindowMinutes * 60_000L;
    }

    @Override
    public String toString() {
        return "GuardLimits[" + tier + "]";
    }
}
