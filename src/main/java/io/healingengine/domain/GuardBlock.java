package io.healingengine.domain;

/**
 * A guard's "no" to one {@link RemediationProposal}: which guard, why, and the limit and count at that
 * moment. As explainable and auditable as every "yes".
 */
public final class GuardBlock {
    private final String proposalId;
    private final String incidentId;
    private final String serviceId;
    private final String action;
    private final String guard;
    private final String reason;
    private final long limit;
    private final long count;
    private final long at;
    private final boolean deferred;

    /** A refusal: the proposal is dropped and the incident moves to its next step. */
    public GuardBlock(RemediationProposal proposal, String guard, String reason, long limit, long count, long at) {
        this(proposal, guard, reason, limit, count, at, false);
    }

    /**
     * @param deferred true for a retryable "not now" (rate limit, concurrency): the proposal waits and goes
     *                 ahead, highest priority first, once the block is withdrawn
     */
    public GuardBlock(RemediationProposal proposal, String guard, String reason, long limit, long count, long at,
                      boolean deferred) {
        this.proposalId = proposal.getId();
        this.incidentId = proposal.getIncidentId();
        this.serviceId = proposal.getServiceId();
        this.action = proposal.getAction();
        this.guard = guard;
        this.reason = reason;
        this.limit = limit;
        this.count = count;
        this.at = at;
        this.deferred = deferred;
    }

    public boolean isDeferred() {
        return deferred;
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

    public String getGuard() {
        return guard;
    }

    public String getReason() {
        return reason;
    }

    public long getLimit() {
        return limit;
    }

    public long getCount() {
        return count;
    }

    public long getAt() {
        return at;
    }

    @Override
    public String toString() {
        return "GuardBlock[" + guard + " blocks " + action + " on " + serviceId + ": " + reason + "]";
    }
}
