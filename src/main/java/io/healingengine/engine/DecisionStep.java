package io.healingengine.engine;

import io.healingengine.domain.Incident;

/**
 * One step of an incident's decision chain as the sink saw it, with the incident state copied at that
 * moment (the incident fact keeps changing during the same evaluation).
 */
record DecisionStep(Incident incident, String incidentId, String serviceId, String status, String requestId,
                    long recoveryTimeMs, String event, String rule, String detail, long at, String rulesVersion) {

    static DecisionStep of(Incident incident, String event, String rule, String detail, long at, String rulesVersion) {
        return new DecisionStep(incident, incident.getId(), incident.getServiceId(), incident.getStatus().name(),
                incident.getCurrentRequestId(), incident.getRecoveryTimeMs(), event, rule, detail, at, rulesVersion);
    }
}
