package io.healingengine.domain;

/**
 * Event: what verification concluded about the action an incident was verifying. The ledger marks the
 * action verified (or not) from it; a run of failed fixes freezes an area.
 */
public final class Verdict {
    private final String incidentId;
    private final String requestId;
    private final String serviceId;
    private final boolean recovered;
    private final long at;

    public Verdict(Incident incident, boolean recovered, long at) {
        this.incidentId = incident.getId();
        this.requestId = incident.getCurrentRequestId();
        this.serviceId = incident.getServiceId();
        this.recovered = recovered;
        this.at = at;
    }

    public String getIncidentId() {
        return incidentId;
    }

    public String getRequestId() {
        return requestId;
    }

    public String getServiceId() {
        return serviceId;
    }

    public boolean isRecovered() {
        return recovered;
    }

    public long getAt() {
        return at;
    }
}
