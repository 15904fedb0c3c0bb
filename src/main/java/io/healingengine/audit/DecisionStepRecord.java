package io.healingengine.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of an incident's decision chain. The instant is kept to the millisecond.
 *
 * @param incidentId the incident the step belongs to
 * @param at         when the step happened
 * @param event      incident_opened, rule_fired, diagnosis, action_proposed, action_started,
 *                   action_succeeded, action_failed, verdict, incident_resolved, incident_escalated …
 * @param rule       the name of the rule that fired, null when no rule was involved
 * @param serviceId  the service concerned
 * @param detail     what happened, in words
 * @param rulesVersion the version of the rules that decided it (first 12 hex digits of the kjar's
 *                   SHA-256), null when not known
 */
public record DecisionStepRecord(String incidentId, Instant at, String event, String rule, String serviceId,
                                 String detail, String rulesVersion) {

    public DecisionStepRecord {
        Objects.requireNonNull(incidentId, "incidentId");
        at = Millis.of(Objects.requireNonNull(at, "at"));
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(detail, "detail");
    }
}
