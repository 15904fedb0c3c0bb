package io.healingengine.domain;

import java.util.Objects;

/** A person's answer to an {@link ApprovalRequest}, as the API received it. */
public final class ApprovalDecision {
    private final String approvalId;
    private final boolean approved;
    private final String by;
    private final String reason;

    public ApprovalDecision(String approvalId, boolean approved, String by, String reason) {
        this.approvalId = Objects.requireNonNull(approvalId, "approvalId");
        this.approved = approved;
        this.by = by == null ? "" : by;
        this.reason = reason == null ? "" : reason;
    }

    public String getApprovalId() {
        return approvalId;
    }

    public boolean isApproved() {
        return approved;
    }

    public String getBy() {
        return by;
    }

    public String getReason() {
        return reason;
    }
}
