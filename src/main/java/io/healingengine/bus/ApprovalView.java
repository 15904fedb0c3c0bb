package io.healingengine.bus;

import io.healingengine.domain.ApprovalRequest;
import java.time.Instant;

/** An approval as the API shows it. */
public record ApprovalView(String id, String status, String incidentId, String service, String action, String risk,
                           String reason, Instant requestedAt, Instant expiresAt, String defaultOnTimeout,
                           String decidedBy, String decisionReason, Instant decidedAt) {

    public static ApprovalView of(ApprovalRequest a) {
        return new ApprovalView(a.getId(), a.getStatus().name(), a.getIncidentId(), a.getServiceId(), a.getAction(),
                a.getRisk().name(), a.getReason(), Instant.ofEpochMilli(a.getRequestedAt()),
                Instant.ofEpochMilli(a.getExpiresAt()), a.isApproveOnTimeout() ? "approve" : "deny", a.getDecidedBy(),
                a.getDecisionReason(), a.getDecidedAt() > 0 ? Instant.ofEpochMilli(a.getDecidedAt()) : null);
    }
}
