package io.healingengine.domain;

/** What opened an incident. */
public enum IncidentKind {
    /** A policy row of the decision table matched the service's current metrics. */
    POLICY,
    /** The service stopped heartbeating. */
    LIVENESS,
    /** An operator asked for a heal through the API. */
    MANUAL
}
