package io.healingengine.domain;

/** What opened an incident. */
public enum IncidentKind {
    /** A policy row of the decision table matched the service's current metrics. */
    POLICY,
    /** A row of the alert policies table matched a firing Prometheus alert of the service. */
    ALERT,
    /** The service stopped heartbeating. */
    LIVENESS,
    /** An operator asked for a heal through the API. */
    MANUAL
}
