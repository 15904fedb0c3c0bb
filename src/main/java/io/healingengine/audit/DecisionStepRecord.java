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
 */
public record DecisionStepRecord(String incidentId, Instant at, String event, String rule, String serviceId,
                                 String detail) {

    public DecisionStepRecord {
        Objects.requireNonNull(incidentId, "incidentId");
        at = Millis.of(Objects.requireNonNull(at, "at"));
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(detail, "detail");
    }
}
