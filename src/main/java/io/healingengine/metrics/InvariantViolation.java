package io.healingengine.metrics;

import java.time.Instant;

/**
 * One of the engine's invariants that does not hold, as {@code GET /health} lists it.
 *
 * @param invariant fixed name: action_overdue, incident_without_state, incident_stuck, session_facts_over_bound,
 *                  thread_blocked, audit_write_failed, self_watch_stalled
 * @param subject   what it is about (a request id, an incident id, a thread name …)
 * @param detail    what was seen, in words
 * @param since     when it was first seen
 * @param lastSeen  when it was last seen
 */
public record InvariantViolation(String invariant, String subject, String detail, Instant since, Instant lastSeen) {

    /** What one check found, before the board knows since when. */
    public record Finding(String invariant, String subject, String detail) {
    }
}
