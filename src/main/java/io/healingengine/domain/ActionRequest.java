package io.healingengine.domain;

import java.util.UUID;

/**
 * An approved action on its way to an executor. Its id is the idempotency key: an executor result
 * names it, and the audit trail records it before the action is dispatched.
 */
public final class ActionRequest {
    /** Environment variable that carries the idempotency key (the request id) to a restart argv. */
    public static final String IDEMPOTENCY_ENV = "HEALING_ACTION_ID";
    /** HTTP header that carries the idempotency key (the request id) to a webhook. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private final String id;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final int step;
    private final int priority;
    private final String reason;
    private final String prediction;
    private final long requestedAt;
    private boolean dryRun;

    /** What a request is, to store and restore it after an engine restart. */
    public record State(String id, String incidentId, String serviceId, String action, int step, int priority,
                        String reason, String prediction, long requestedAt, boolean dryRun) {
    }

    public State state() {
        return new State(id, incidentId, serviceId, action, step, priority, reason, prediction, requestedAt, dryRun);
    }

    public static ActionRequest restore(State s) {
        ActionRequest request = new ActionRequest(s.id(), s.incidentId(), s.serviceId(), s.action(), s.step(),
                s.priority(), s.reason(), s.prediction(), s.requestedAt());
        request.dryRun = s.dryRun();
        return request;
    }

    public ActionRequest(RemediationProposal proposal, long now) {
        this(UUID.randomUUID().toString(), proposal.getIncidentId(), proposal.getServiceId(), proposal.getAction(),
                proposal.getStep(), proposal.getPriority(), proposal.getReason(), proposal.getPrediction(), now);
        this.dryRun = proposal.isDryRun();
    }

    public ActionRequest(String id, String incidentId, String serviceId, String action, int step, int priority,
                         String reason, String prediction, long requestedAt) {
        this.id = id;
        this.incidentId = incidentId;
        this.serviceId = serviceId;
        this.action = action;
        this.step = step;
        this.priority = priority;
        this.reason = reason;
        this.prediction = prediction;
        this.requestedAt = requestedAt;
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

    public long getRequestedAt() {
        return requestedAt;
    }

    /** Decided by a dry-run policy: the dispatcher sends it to the noop executor. */
    public boolean isDryRun() {
        return dryRun;
    }

    @Override
    public String toString() {
        return "ActionRequest[" + action + " on " + serviceId + " id=" + id.substring(0, 8) + "]";
    }
}
