package io.healingengine.domain;

/** Event: what an executor reported for one {@link ActionRequest}, inserted back into the session. */
public final class ActionResult {
    private final String requestId;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final ActionOutcome outcome;
    private final String detail;
    private final long durationMs;
    private final long completedAt;
    private boolean dryRun;

    public ActionResult(String requestId, String incidentId, String serviceId, String action, ActionOutcome outcome,
                        String detail, long durationMs, long completedAt) {
        this.requestId = requestId;
        this.incidentId = incidentId;
        this.serviceId = serviceId;
        this.action = action;
        this.outcome = outcome;
        this.detail = detail == null ? "" : detail;
        this.durationMs = durationMs;
        this.completedAt = completedAt;
    }

    public static ActionResult of(ActionRequest request, ActionOutcome outcome, String detail, long durationMs,
                                  long completedAt) {
        return new ActionResult(request.getId(), request.getIncidentId(), request.getServiceId(), request.getAction(),
                outcome, detail, durationMs, completedAt);
    }

    /** The result of a dry run: the decision was recorded, nothing was executed. */
    public static ActionResult dryRun(ActionRequest request, long completedAt) {
        ActionResult result = of(request, ActionOutcome.SUCCEEDED, "dry run: " + request.getAction() + " on "
                + request.getServiceId() + " decided but not executed", 0, completedAt);
        result.dryRun = true;
        return result;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public String getRequestId() {
        return requestId;
    }

    public String getIncidentId() {
        return incidentId;
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getAction() {
        return action;
    }

    public ActionOutcome getOutcome() {
        return outcome;
    }

    public boolean isSucceeded() {
        return outcome == ActionOutcome.SUCCEEDED;
    }

    /** Whether verification should judge the action: it succeeded, or its outcome was lost in a restart. */
    public boolean isVerifiable() {
        return outcome == ActionOutcome.SUCCEEDED || outcome == ActionOutcome.UNKNOWN;
    }

    public String getDetail() {
        return detail;
    }

    public long getDurationMs() {
        return durationMs;
    }

    public long getCompletedAt() {
        return completedAt;
    }

    @Override
    public String toString() {
        return "ActionResult[" + action + " on " + serviceId + " " + outcome + ": " + detail + "]";
    }
}
