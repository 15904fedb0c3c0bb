package io.healingengine.domain;

/** Service status words from the seeds. */
public enum ServiceStatus {
    HEALTHY, DEGRADED, FAILED, RECOVERING
}
