package io.healingengine.bench;

import io.healingengine.config.ServiceConfig;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Incident;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.engine.BenchEngineSink;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.WorkingMemoryIndex;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule session driven as {@code RuleEngineVerticle} drives it, without the event bus and the I/O: the
 * fleet's services registered as {@link ManagedService} facts, signals applied through
 * {@link WorkingMemoryIndex#observe}, one {@link RuleSession#fireAll()} per batch, then the sink drained.
 *
 * <p>What happens to incidents: a policy match opens an incident, guards judge its proposal, and an action
 * that passes them is dispatched; here every dispatched action completes at once as SUCCEEDED (an executor
 * that answers immediately), and its result goes into the session with one more evaluation, as
 * {@code onResult} does. The incident then verifies for its validation window (30 s) and is resolved or
 * tries the next step; closed incidents stay ten minutes, cooldowns 300 s, the ledger's {@code ActionTaken}
 * facts 25 h. Steps are drained and counted, not written to an audit store.
 *
 * <p>Incidents do pile up: at one unhealthy signal in 1,000 and a few hundred thousand signals a second, a
 * few hundred incidents open every second, at most one open per service. With the shipped guard limits the
 * engine-wide rate limit (60 a minute) defers all but the first actions, so the proposals wait and nearly
 * every service of a 2,000-service fleet has an open incident after 15 s; with relaxed guards they are
 * dispatched and sit in verification instead. {@link #openIncidents()} and {@link #factCount()} say how many.
 */
final class EngineLikeSession implements AutoCloseable {
    private final RuleSession session;
    private final WorkingMemoryIndex memory;
    private final BenchEngineSink sink = new BenchEngineSink();
    private long fired;
    private long incidentsOpened;
    private long dispatched;

    EngineLikeSession(CompiledRules rules, BenchFleet fleet, boolean pseudoClock, long startMillis) {
        session = RuleSession.open(rules, pseudoClock, startMillis, sink, (rule, matched) -> fired++);
        sink.bind(session.currentRuleSupplier(), session::now, rules.shortSha());
        memory = new WorkingMemoryIndex(session);
        for (int i = 0; i < fleet.services(); i++) {
            memory.register(new ManagedService(fleet.service(i), fleet.tier(i), false,
                    ServiceConfig.DEFAULT_VERIFY_WINDOW_MS, false, Set.of(), null));
        }
        evaluate(); // the rule base's own start-up: the guard-limits rows insert their limits
    }

    /** Applies signals {@code [from, to)} of the sequence as one batch, then evaluates once. */
    void apply(BenchSignals signals, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            memory.observe(signals.service(seq), signals.metric(seq), signals.value(seq), null);
        }
        evaluate();
    }

    /** One evaluation, then what the engine does with its outcome; dispatched actions complete at once. */
    private void evaluate() {
        session.fireAll();
        List<ActionRequest> actions = drain();
        while (!actions.isEmpty()) {
            for (ActionRequest request : actions) {
                session.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "benchmark: done at once", 0,
                        session.now()));
            }
            session.fireAll();
            actions = drain();
        }
    }

    private List<ActionRequest> drain() {
        BenchEngineSink.Drained drained = sink.drain();
        for (String event : drained.events()) {
            if (event.equals("incident_opened")) {
                incidentsOpened++;
            }
        }
        dispatched += drained.dispatches().size();
        return drained.dispatches();
    }

    /** The metric policies matching now, as {@code policy@service}. */
    Set<String> matches() {
        Set<String> matches = new HashSet<>();
        for (PolicyMatch match : session.facts(PolicyMatch.class)) {
            if (match.getAlertFingerprint() == null) {
                matches.add(match.getPolicy() + "@" + match.getServiceId());
            }
        }
        return matches;
    }

    long firedRules() {
        return fired;
    }

    long incidentsOpened() {
        return incidentsOpened;
    }

    long actionsDispatched() {
        return dispatched;
    }

    long openIncidents() {
        return session.facts(Incident.class).stream().filter(Incident::isOpen).count();
    }

    long factCount() {
        return session.factCount();
    }

    @Override
    public void close() {
        session.close();
    }
}
