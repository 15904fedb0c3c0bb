package io.healingengine.domain;

import java.util.UUID;

/**
 * A rule's proposal to run one action for an incident. Guard rules may block it (a GuardBlock that
 * names its id); an unblocked proposal becomes an {@link ActionRequest} and leaves the session.
 */
public class RemediationProposal {
    private final String id;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final int step;
    private final int priority;
    private final String reason;
    private final String prediction;
    private final long createdAt;
    private final boolean dryRun;
    private GuardLimits limits;
    private String deferredBy;
    private String approvalId;
    private String area;

    /**
     * What a proposal is, to store and restore it after an engine restart. The guards' answers (limits,
     * blocks, deferral) are not stored: they are derived again.
     */
    public record State(String id, String incidentId, String serviceId, String action, int step, int priority,
                        String reason, String prediction, long createdAt, boolean dryRun, String approvalId) {
    }

    public RemediationProposal(Incident incident, long now) {
        this(new State(UUID.randomUUID().toString(), incident.getId(), incident.getServiceId(),
                incident.getNextAction(), incident.getStep(), incident.getPriority(),
                incident.getTrigger() + (incident.isEscalating() ? " (ladder exhausted)" : "")
                        + (incident.getDiagnosis() == null ? "" : "; diagnosis " + incident.getDiagnosis()),
                incident.getPrediction(), now, incident.isDryRun(), null));
    }

    private RemediationProposal(State s) {
        this.id = s.id();
        this.incidentId = s.incidentId();
        this.serviceId = s.serviceId();
        this.action = s.action();
        this.step = s.step();
        this.priority = s.priority();
        this.reason = s.reason();
        this.prediction = s.prediction();
        this.createdAt = s.createdAt();
        this.dryRun = s.dryRun();
        this.approvalId = s.approvalId();
    }

    public State state() {
        return new State(id, incidentId, serviceId, action, step, priority, reason, prediction, createdAt, dryRun,
                approvalId);
    }

    public static RemediationProposal restore(State state) {
        return new RemediationProposal(state);
    }

    /** Decided by a dry-run policy: recorded, never executed. */
    public boolean isDryRun() {
        return dryRun;
    }

    public String getId() {
        return id;
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

    /** Whether an executor exists for this action (noop serves dry runs only, never a ladder). */
    public boolean isKnownAction() {
        return ActionKind.fromId(action).filter(kind -> kind != ActionKind.NOOP).isPresent();
    }

    public int getStep() {
        return step;
    }

    public int getPriority() {
        return priority;
    }

    public String getReason() {
        return reason;
    }

    public String getPrediction() {
        return prediction;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    /** The guard limits of the service's tier, attached by the guard rules; null until then. */
    public GuardLimits getLimits() {
        return limits;
    }

    public void setLimits(GuardLimits limits) {
        this.limits = limits;
    }

    /** The guard that made this proposal wait (rate-limit, concurrency), or null while it is not waiting. */
    public String getDeferredBy() {
        return deferredBy;
    }

    public void setDeferredBy(String deferredBy) {
        this.deferredBy = deferredBy;
    }

    /** The area budgets and freezes count in: the service's group, or the service (the default). */
    public String getArea() {
        return area == null ? serviceId : area;
    }

    public void setArea(String area) {
        this.area = area;
    }

    /** The approval this proposal waits for or got, or null if it needed none (yet). */
    public String getApprovalId() {
        return approvalId;
    }

    public void setApprovalId(String approvalId) {
        this.approvalId = approvalId;
    }

    public RiskLevel getRisk() {
        return ActionKind.fromId(action).map(ActionKind::risk).orElse(RiskLevel.HIGH);
    }

    /** The action leaves the system changed (capacity, version), so it needs a declared rollback. */
    public boolean isChangesState() {
        return ActionKind.fromId(action).map(ActionKind::changesState).orElse(true);
    }

    /** Whether the tier wants a human's approval (or a canary) for an action of this risk. */
    public boolean isNeedsApproval() {
        return limits != null && !isPage() && getRisk().atLeast(limits.getApprovalFromRisk());
    }

    /** Whether the guard limits of the service's tier permit this action. */
    public boolean isPermittedByTier() {
        return limits != null && limits.permits(action);
    }

    /** A page to a human: never held back by rate, budget, dedup or freeze guards. */
    public boolean isPage() {
        return ActionKind.ALERT_ONCALL.id().equals(action);
    }

    @Override
    public String toString() {
        return "RemediationProposal[" + action + " on " + serviceId + " for " + incidentId.substring(0, 8) + "]";
    }
}
