package io.healingengine.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One incident as the audit trail keeps it. Instants are kept to the millisecond, the precision of
 * the store, so a record reads back equal to the one written.
 *
 * @param id             the incident id
 * @param serviceId      the service that failed
 * @param kind           how the incident was opened (policy, rule, manual …)
 * @param trigger        the policy or rule that opened it
 * @param status         OPEN, PROPOSED, ACTING, VERIFYING, RESOLVED or ESCALATED
 * @param diagnosis      the root-cause class, null while unknown
 * @param priority       1–10, higher first
 * @param prediction     what the healing is expected to achieve, e.g. "error_rate below 0.05 within 5 min"
 * @param openedAt       when the incident was opened
 * @param closedAt       when it was resolved or escalated, null while open
 * @param recoveryTimeMs milliseconds from opening to the first evidence of recovery, null unless resolved
 * @param triggerSignals the signals that matched, as JSON text, null if not recorded
 */
public record IncidentRecord(String id, String serviceId, String kind, String trigger, String status,
                             String diagnosis, int priority, String prediction, Instant openedAt,
                             Instant closedAt, Long recoveryTimeMs, String triggerSignals) {

    public IncidentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(prediction, "prediction");
        openedAt = Millis.of(Objects.requireNonNull(openedAt, "openedAt"));
        closedAt = Millis.of(closedAt);
    }
}
