package io.healingengine.bus;

/** What the engine verticle says of itself for /health. */
public record EngineSnapshot(String rulesVersion, String rulesOrigin, String rulesReleaseId, String rulesSha256,
                             long factsInSession, long openIncidents,
                             long actionsInFlight, long services, long metricStates) {
}
