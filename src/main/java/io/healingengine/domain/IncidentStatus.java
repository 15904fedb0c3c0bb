package io.healingengine.domain;

/**
 * Life of an incident: OPEN (the next ladder step is due) → PROPOSED (a proposal waits for the
 * guards) → ACTING (an action is in flight) → VERIFYING (the action succeeded, the validation window
 * runs) → RESOLVED, or back to OPEN for the next step, or ESCALATED once a human has been paged.
 */
public enum IncidentStatus {
    OPEN, PROPOSED, ACTING, VERIFYING, RESOLVED, ESCALATED;

    public boolean isClosed() {
        return this == RESOLVED || this == ESCALATED;
    }
}
