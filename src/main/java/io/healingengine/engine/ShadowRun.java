package io.healingengine.engine;

import io.healingengine.bus.AlertNotice;
import io.healingengine.bus.ShadowReport;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.Incident;
import io.healingengine.domain.ManagedService;
import io.healingengine.rules.AlertIndex;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleFiringListener;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.WorkingMemoryIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A candidate version of the rules in a session of its own beside the active one: it sees the same
 * services, signals, heartbeats and alerts (from its start on), and decides — but nothing it decides is
 * dispatched or audited. Its actions "succeed" at once, as in a simulation, so that its incidents move
 * on. Owned by the rule engine verticle's thread, like the active session.
 */
final class ShadowRun implements AutoCloseable {
    private static final int MAX_DIFFERENCES_REPORTED = 100;
    private static final int MAX_ROUNDS = 10;
    private final CompiledRules candidate;
    private final RuleSession session;
    private final WorkingMemoryIndex memory;
    private final AlertIndex alerts;
    private final ShadowComparison comparison;
    private final List<ActionRequest> dispatched = new ArrayList<>();
    private final long startedAt;
    private final long endsAt;
    private long signals;

    ShadowRun(CompiledRules candidate, long periodMs, Set<String> busyServices) {
        this.candidate = candidate;
        this.comparison = new ShadowComparison(busyServices);
        this.session = RuleSession.open(candidate, false, 0, new Sink(), RuleFiringListener.NONE);
        this.memory = new WorkingMemoryIndex(session);
        this.alerts = new AlertIndex(session);
        this.startedAt = session.now();
        this.endsAt = startedAt + periodMs;
        session.fireAll();
    }

    CompiledRules candidate() {
        return candidate;
    }

    WorkingMemoryIndex memory() {
        return memory;
    }

    void register(ManagedService service, long heartbeatIntervalMs, int missedHeartbeats, long graceMs) {
        memory.register(service);
        if (heartbeatIntervalMs > 0) {
            memory.watchLiveness(service.getId(), heartbeatIntervalMs, missedHeartbeats, graceMs);
        }
    }

    void observe(String service, String metric, double value, Long timestamp) {
        memory.observe(service, metric, value, timestamp);
        signals++;
    }

    /** A fact of the shadow's own (never one the active session holds: rules change facts in place). */
    void insert(Object fact) {
        session.insert(fact);
    }

    void heartbeat(String service) {
        memory.heartbeat(service);
    }

    /** The alerts of a webhook, as the active session got them (each session holds its own Alert facts). */
    void alerts(List<AlertNotice> notices) {
        notices.forEach(notice -> alerts.apply(notice.toAlert(session.now())));
    }

    /** Fires the shadow's rules; what it dispatches is answered as succeeded, and fired again. */
    void evaluate() {
        session.fireAll();
        for (int round = 0; round < MAX_ROUNDS && !dispatched.isEmpty(); round++) {
            List<ActionRequest> requests = List.copyOf(dispatched);
            dispatched.clear();
            for (ActionRequest request : requests) {
                session.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "shadow: not executed", 0, session.now()));
            }
            session.fireAll();
        }
    }

    /** What the active version decided in the evaluation that just ended. */
    void activeDecided(List<DecisionStep> steps, List<ActionRequest> requests) {
        for (DecisionStep step : steps) {
            if (step.event().equals("incident_opened")) {
                comparison.activeOpened(step.serviceId(), step.incident().getTrigger());
            }
        }
        for (ActionRequest request : requests) {
            comparison.activeActed(request.getIncidentId(), request.getServiceId(), request.getAction());
        }
    }

    ShadowReport report() {
        List<ShadowReport.Difference> differences = comparison.differences();
        return new ShadowReport(candidate.version(), candidate.sha256(), startedAt, endsAt, signals,
                comparison.activeDecisions(), comparison.shadowDecisions(),
                differences.subList(0, Math.min(MAX_DIFFERENCES_REPORTED, differences.size())),
                comparison.busyServices());
    }

    @Override
    public void close() {
        session.close();
    }

    /** The shadow's decisions go to the comparison, never to the audit or an executor. */
    private final class Sink implements DecisionSink {
        @Override
        public void dispatch(ActionRequest request) {
            comparison.shadowActed(request.getIncidentId(), request.getServiceId(), request.getAction());
            dispatched.add(request);
        }

        @Override
        public void step(Incident incident, String event, String detail) {
            if (event.equals("incident_opened")) {
                comparison.shadowOpened(incident.getServiceId(), incident.getTrigger());
            }
        }
    }
}
