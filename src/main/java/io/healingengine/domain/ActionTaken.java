package io.healingengine.domain;

import java.util.Objects;

/**
 * Event: an action left for its executor. The guards count these over time (rate limit, daily budget,
 * restart-loop breaker, dedup); the outcome and the verdict are filled in as they arrive. Expires after
 * a day and an hour, so the ledger is bounded by the rate limit.
 */
public class ActionTaken {
    private final String requestId;
    private final String serviceId;
    private final String area;
    private final String action;
    private final boolean intrusive;
    private final long at;
    private Boolean verifiedSuccess;
    private boolean streakCounted;

    /** An entry restored from storage after an engine restart. */
    public ActionTaken(String requestId, String serviceId, String area, String action, boolean intrusive, long at,
                       Boolean verifiedSuccess, boolean streakCounted) {
        this.requestId = requestId;
        this.serviceId = serviceId;
        this.area = Objects.requireNonNull(area, "area");
        this.action = action;
        this.intrusive = intrusive;
        this.at = at;
        this.verifiedSuccess = verifiedSuccess;
        this.streakCounted = streakCounted;
    }

    public ActionTaken(ActionRequest request, String area) {
        this.requestId = request.getId();
        this.serviceId = request.getServiceId();
        this.area = Objects.requireNonNull(area, "area");
        this.action = request.getAction();
        this.intrusive = ActionKind.fromId(action).map(ActionKind::intrusive).orElse(true);
        this.at = request.getRequestedAt();
    }

    public String getRequestId() {
        return requestId;
    }

    public String getServiceId() {
        return serviceId;
    }

    /** The blast-radius unit budgets and freezes count in (the service itself, or its group). */
    public String getArea() {
        return area;
    }

    public String getAction() {
        return action;
    }

    public boolean isIntrusive() {
        return intrusive;
    }

    public long getAt() {
        return at;
    }

    /** True once verification showed the action healed the service; false once it did not; null before. */
    public Boolean getVerifiedSuccess() {
        return verifiedSuccess;
    }

    public void setVerifiedSuccess(Boolean verifiedSuccess) {
        this.verifiedSuccess = verifiedSuccess;
    }

    /** True once the freeze guard has counted this action's outcome in its area's failure streak. */
    public boolean isStreakCounted() {
        return streakCounted;
    }

    public void setStreakCounted(boolean streakCounted) {
        this.streakCounted = streakCounted;
    }

    @Override
    public String toString() {
        return "ActionTaken[" + action + " on " + serviceId + " at " + at + ", verified=" + verifiedSuccess + "]";
    }
}
