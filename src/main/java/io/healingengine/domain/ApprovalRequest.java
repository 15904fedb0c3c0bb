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
    private Status status = Status.PENDING;
    private String decidedBy;
    private String decisionReason;
    private long decidedAt;

    public ApprovalRequest(RemediationProposal proposal, long now) {
        this.id = UUID.randomUUID().toString();
        this.proposalId = proposal.getId();
        this.incidentId = proposal.getIncidentId();
        this.serviceId = proposal.getServiceId();
        this.action = proposal.getAction();
        this.risk = proposal.getRisk();
        this.reason = proposal.getReason();
        this.requestedAt = now;
        this.expiresAt = now + proposal.getLimits().getApprovalTimeoutMinutes() * 60_000L;
        this.approveOnTimeout = proposal.getLimits().isApproveOnTimeout();
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
