package io.healingengine.domain;

import java.util.Objects;

/**
 * An operator's request to heal a service now with one action. The rules either open a MANUAL
 * incident for it (and set {@link #getIncidentId()}) or refuse it (and set {@link #getRefusal()});
 * the engine reads the answer back after evaluation.
 */
public class ManualHealRequest {
    private final String serviceId;
    private final String action;
    private final String reason;
    private final String requestedBy;
    private String incidentId;
    private String refusal;

    public ManualHealRequest(String serviceId, String action, String reason, String requestedBy) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.action = Objects.requireNonNull(action, "action");
        this.reason = reason == null ? "" : reason;
        this.requestedBy = requestedBy == null ? "" : requestedBy;
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getAction() {
        return action;
    }

    public String getReason() {
        return reason;
    }

    public String getRequestedBy() {
        return requestedBy;
    }

    public String getIncidentId() {
        return incidentId;
    }

    public void setIncidentId(String incidentId) {
        this.incidentId = incidentId;
    }

    public String getRefusal() {
        return refusal;
    }

    public void setRefusal(String refusal) {
        this.refusal = refusal;
    }

    public boolean isAnswered() {
        return incidentId != null || refusal != null;
    }
}
