package io.healingengine.domain;

import java.util.UUID;

/**
 * A rule's proposal to run one action for an incident. Guard rules may block it (a GuardBlock that
 * names its id); an unblocked proposal becomes an {@link ActionRequest} and leaves the session.
 */
public final class RemediationProposal {
    private final String id;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final int step;
    private final int priority;
    private final String reason;
    private final String prediction;
    private final long createdAt;

    public RemediationProposal(Incident incident, long now) {
        this.id = UUID.randomUUID().toString();
        this.incidentId = incident.getId();
        this.serviceId = incident.getServiceId();
        this.action = incident.getNextAction();
        this.step = incident.getStep();
        this.priority = incident.getPriority();
        this.reason = incident.getTrigger() + (incident.isEscalating() ? " (ladder exhausted)" : "")
                + (incident.getDiagnosis() == null ? "" : "; diagnosis " + incident.getDiagnosis());
        this.prediction = incident.getPrediction();
        this.createdAt = now;
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

    @Override
    public String toString() {
        return "RemediationProposal[" + action + " on " + serviceId + " for " + incidentId.substring(0, 8) + "]";
    }
}
