package io.healingengine.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One healing action: the healing record of the seed (id, serviceId, action, reason, timestamp,
 * success, recoveryTime) plus the incident, the executor's outcome, its duration and detail. The
 * instant is kept to the millisecond.
 *
 * @param id             the action request id, which is also the idempotency key
 * @param incidentId     the incident the action belongs to
 * @param serviceId      the service acted on
 * @param action         restart, scale-up, rollback, circuit-break, fallback, alert-oncall …
 * @param reason         why the action was taken
 * @param timestamp      when the action was requested
 * @param outcome        SUCCEEDED, FAILED, TIMED_OUT or REJECTED; null while in flight
 * @param success        whether the service was healed; null until known
 * @param durationMs     how long the executor took; null while in flight
 * @param recoveryTimeMs milliseconds until the service recovered; null unless known
 * @param detail         what the executor reported; null if nothing
 */
public record HealingRecord(String id, String incidentId, String serviceId, String action, String reason,
                            Instant timestamp, String outcome, Boolean success, Long durationMs,
                            Long recoveryTimeMs, String detail) {

    public HealingRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        timestamp = Millis.of(Objects.requireNonNull(timestamp, "timestamp"));
    }

    /** An action that has just been requested: no outcome, success, duration or detail yet. */
    public static HealingRecord started(String id, String incidentId, String serviceId, String action,
                                        String reason, Instant timestamp) {
        return new HealingRecord(id, incidentId, serviceId, action, reason, timestamp, null, null, null, null, null);
    }
}
