package io.healingengine.domain;

/**
 * The one narrow door through which decisions leave the rule session (a DRL {@code global}). Rule
 * consequences only call it to record intent; the engine drains what it collected after each
 * evaluation and does the I/O (event bus, audit store, log) outside the session.
 */
public interface DecisionSink {

    /** An approved action, to be dispatched to its executor once evaluation ends. */
    void dispatch(ActionRequest request);

    /**
     * One step of an incident's decision chain (incident_opened, diagnosis, action_proposed, verdict,
     * incident_resolved, incident_escalated …). The engine attaches the name of the rule that fired.
     */
    void step(Incident incident, String event, String detail);
}
