package io.healingengine.domain;

import java.util.UUID;

/**
 * A risky action waiting for a human: approve or deny through the API before {@code expiresAt}, or
 * the tier's default decision applies.
 */
public class ApprovalRequest {
    /** Where an approval stands. */
    public enum Status { PENDING, APPROVED, DENIED }

    private final String id;
    private final String proposalId;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final RiskLevel risk;
    private final String reason;
    private final long requestedAt;
    private final long expiresAt;
    private final boolean approveOnTimeout;
    private Status status;
    private String decidedBy;
    private String decisionReason;
    private long decidedAt;

    /** Everything an approval is, to store and restore it after an engine restart. */
    public record State(String id, String proposalId, String incidentId, String serviceId, String action,
                        RiskLevel risk, String reason, long requestedAt, long expiresAt, boolean approveOnTimeout,
                        Status status, String decidedBy, String decisionReason, long decidedAt) {
    }

    public ApprovalRequest(RemediationProposal proposal, long now) {
        this(new State(UUID.randomUUID().toString(), proposal.getId(), proposal.getIncidentId(),
                proposal.getServiceId(), proposal.getAction(), proposal.getRisk(), proposal.getReason(), now,
                now + proposal.getLimits().getApprovalTimeoutMinutes() * 60_000L,
                proposal.getLimits().isApproveOnTimeout(), Status.PENDING, null, null, 0));
    }

    private ApprovalRequest(State s) {
        this.id = s.id();
        this.proposalId = s.proposalId();
        this.incidentId = s.incidentId();
        this.serviceId = s.serviceId();
        this.action = s.action();
        this.risk = s.risk();
        this.reason = s.reason();
        this.requestedAt = s.requestedAt();
        this.expiresAt = s.expiresAt();
        this.approveOnTimeout = s.approveOnTimeout();
        this.status = s.status();
        this.decidedBy = s.decidedBy();
        this.decisionReason = s.decisionReason();
        this.decidedAt = s.decidedAt();
    }

    public State state() {
        return new State(id, proposalId, incidentId, serviceId, action, risk, reason, requestedAt, expiresAt,
                approveOnTimeout, status, decidedBy, decisionReason, decidedAt);
    }

    public static ApprovalRequest restore(State state) {
        return new ApprovalRequest(state);
    }

    public String getId() {
        return id;
    }

    public String getProposalId() {
        return proposalId;
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

    public RiskLevel getRisk() {
        return risk;
    }

    public String getReason() {
        return reason;
    }

    public long getRequestedAt() {
        return requestedAt;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public boolean isApproveOnTimeout() {
        return approveOnTimeout;
    }

    public Status getStatus() {
        return status;
    }

    public void setStatus(Status status) {
        this.status = status;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public String getDecisionReason() {
        return decisionReason;
    }

    public long getDecidedAt() {
        return decidedAt;
    }

    /** Records a decision (by a person, or "timeout"). */
    public void decide(boolean approved, String by, String why, long at) {
        this.status = approved ? Status.APPROVED : Status.DENIED;
        this.decidedBy = by;
        this.decisionReason = why;
        this.decidedAt = at;
    }
}
