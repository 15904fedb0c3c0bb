package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.audit.DecisionStepRecord;
import io.healingengine.audit.HealingRecord;
import io.healingengine.audit.IncidentRecord;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Incident;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each decision step three ways: one greppable {@code self_heal} log line, the audit store
 * (through the audit verticle) and the meters.
 */
final class ChainRecorder {
    private static final Logger LOG = LoggerFactory.getLogger("self_heal");
    private final AuditQueue audit;
    private final SelfHealMetrics metrics;

    ChainRecorder(AuditQueue audit, SelfHealMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * Records the steps of one evaluation: a log line, an audit row and the meters for each, and each
     * incident they touched saved once, in its state after the evaluation.
     *
     * @param triggerSignals the service's current metrics (JSON) for an incident opened in these steps
     */
    void steps(List<DecisionStep> steps, Function<String, String> triggerSignals) {
        Map<String, DecisionStep> touched = new LinkedHashMap<>();
        for (DecisionStep step : steps) {
            step(step);
            touched.merge(step.incidentId(), step,
                    (first, later) -> first.event().equals("incident_opened") ? first : later);
        }
        for (DecisionStep step : touched.values()) {
            String trigger = step.event().equals("incident_opened") ? triggerSignals.apply(step.serviceId()) : null;
            send(new AuditCommand.SaveIncident(toRecord(step.incident(), trigger)));
        }
    }

    private void step(DecisionStep step) {
        boolean guardStep = step.event().startsWith("guard_");
        String line = "self_heal event={} rule=\"{}\" service={} incident={} status={}"
                + (guardStep ? " guard={}" : "{}") + " rules={} detail=\"{}\"";
        Object[] args = {step.event(), step.rule(), step.serviceId(), step.incidentId(), step.status(),
                guardStep ? guardOf(step) : "", step.rulesVersion(), LogText.clean(step.detail())};
        if (step.event().equals("incident_escalated") && step.detail().startsWith("PAGE FAILED")) {
            LOG.error(line, args);
        } else {
            LOG.info(line, args);
        }
        Incident incident = step.incident();
        send(new AuditCommand.AppendStep(new DecisionStepRecord(step.incidentId(), Instant.ofEpochMilli(step.at()),
                step.event(), step.rule(), step.serviceId(), step.detail(), step.rulesVersion())));
        switch (step.event()) {
            case "incident_opened" -> metrics.incidentOpened(incident.getKind().name());
            case "incident_resolved" -> metrics.incidentClosed("RESOLVED");
            case "incident_escalated" -> metrics.incidentClosed("ESCALATED");
            case "guard_rejected" -> metrics.guardBlocked(guardOf(step), "refused");
            case "guard_deferred" -> metrics.guardBlocked(guardOf(step), "deferred");
            case "verdict_recovered" -> verdict(step, true);
            case "verdict_not_recovered" -> verdict(step, false);
            default -> { }
        }
    }

    /** Guard steps read "guard: reason"; guard names are a small fixed set of rule-defined words. */
    private static String guardOf(DecisionStep step) {
        return step.detail().split(":", 2)[0].trim();
    }

    private void verdict(DecisionStep step, boolean recovered) {
        if (step.requestId() != null) {
            send(new AuditCommand.Verdict(step.requestId(), recovered,
                    recovered && step.recoveryTimeMs() >= 0 ? step.recoveryTimeMs() : null));
        }
    }

    /**
     * Records an action before it leaves: its row in the healing history, keyed by the request id (the idempotency
     * key its executor receives). The future completes once the row is written; a second record of the same id
     * keeps the first.
     */
    Future<Void> actionStarted(ActionRequest request) {
        return audit.write(new AuditCommand.ActionStarted(HealingRecord.started(request.getId(), request.getIncidentId(),
                request.getServiceId(), request.getAction(), request.getReason(),
                Instant.ofEpochMilli(request.getRequestedAt()))));
    }

    void actionFinished(ActionResult result) {
        metrics.actionExecuted(result.getAction(), result.getOutcome().name());
        Boolean success;
        if (result.getOutcome() != ActionOutcome.SUCCEEDED) {
            success = false;
        } else if (ActionKind.ALERT_ONCALL.id().equals(result.getAction())) {
            success = true;
        } else {
            success = null;
        }
        send(new AuditCommand.ActionFinished(result.getRequestId(), result.getOutcome().name(), result.getDurationMs(),
                result.getDetail(), success));
        LOG.debug("self_heal event=action_reported action={} service={} outcome={} duration_ms={}",
                result.getAction(), result.getServiceId(), result.getOutcome(), result.getDurationMs());
    }

    private static IncidentRecord toRecord(Incident incident, String triggerSignals) {
        return new IncidentRecord(incident.getId(), incident.getServiceId(), incident.getKind().name(),
                incident.getTrigger(), incident.getStatus().name(), incident.getDiagnosis(), incident.getPriority(),
                incident.getPrediction(), Instant.ofEpochMilli(incident.getOpenedAt()),
                incident.getClosedAt() > 0 ? Instant.ofEpochMilli(incident.getClosedAt()) : null,
                incident.getRecoveryTimeMs() >= 0 ? incident.getRecoveryTimeMs() : null, triggerSignals);
    }

    private void send(AuditCommand command) {
        audit.send(command);
    }
}
