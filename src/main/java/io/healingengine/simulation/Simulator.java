package io.healingengine.simulation;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.Incident;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleFiringListener;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.WorkingMemoryIndex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a {@link Scenario} on a pseudo clock, in the engine's 100 ms ticks, against compiled rules. A
 * simulated executor answers every dispatched action 100 ms later with the scenario's outcome for it, so
 * the ladder, the guards and verification run as they would — and nothing is executed.
 */
public final class Simulator {
    static final long TICK_MS = 100;
    static final long START = 1_767_225_600_000L;

    private final CompiledRules rules;
    private final Map<String, List<PolicyConditions.Condition>> policies;

    /** @param policies policy name → its metric conditions (for near misses); may be empty */
    Simulator(CompiledRules rules, Map<String, List<PolicyConditions.Condition>> policies) {
        this.rules = rules;
        this.policies = policies;
    }

    public static Simulator of(CompiledRules rules, List<byte[]> policyWorkbooks) {
        Map<String, List<PolicyConditions.Condition>> policies = new LinkedHashMap<>();
        policyWorkbooks.forEach(workbook -> policies.putAll(PolicyConditions.of(workbook)));
        return new Simulator(rules, policies);
    }

    public SimulationReport run(Scenario scenario) {
        Recorder recorder = new Recorder();
        try (RuleSession session = RuleSession.open(rules, true, START, recorder, RuleFiringListener.NONE)) {
            recorder.bind(session);
            WorkingMemoryIndex memory = new WorkingMemoryIndex(session);
            for (Scenario.ScenarioService service : scenario.services()) {
                memory.register(new ManagedService(service.id(), service.tier(), false, service.verifyWindowMs()));
                if (service.heartbeatIntervalMs() > 0) {
                    memory.watchLiveness(service.id(), service.heartbeatIntervalMs(), 3, 0);
                }
            }
            List<Scenario.Step> steps = new ArrayList<>(scenario.steps());
            steps.sort(Comparator.comparingLong(step -> Durations.millis(step.at(), "steps[].at")));
            long end = steps.isEmpty() ? 0 : Durations.millis(steps.get(steps.size() - 1).at(), "steps[].at");
            end += Durations.millis(scenario.duration(), "duration");
            Map<Long, List<ActionResult>> pendingResults = new HashMap<>();
            int next = 0;
            Map<String, SimulationReport.NearMiss> nearMisses = new LinkedHashMap<>();
            for (long t = 0; t <= end; t += TICK_MS) {
                if (t > 0) {
                    session.advance(Duration.ofMillis(TICK_MS));
                }
                boolean changed = false;
                while (next < steps.size() && Durations.millis(steps.get(next).at(), "steps[].at") <= t) {
                    Scenario.Step step = steps.get(next++);
                    for (Scenario.ScenarioSignal signal : step.signals()) {
                        memory.observe(signal.service(), signal.metric(), signal.value(), null);
                    }
                    step.heartbeats().forEach(memory::heartbeat);
                    changed = true;
                }
                for (ActionResult result : pendingResults.getOrDefault(t, List.of())) {
                    session.insert(result);
                }
                session.fireAll();
                for (ActionRequest request : recorder.drainDispatches()) {
                    ActionOutcome outcome = outcomeFor(scenario, request.getAction());
                    pendingResults.computeIfAbsent(t + TICK_MS, k -> new ArrayList<>()).add(ActionResult.of(request,
                            outcome, "simulated " + outcome, TICK_MS, session.now() + TICK_MS));
                }
                if (changed) {
                    recordNearMisses(t, memory, session.facts(PolicyMatch.class), nearMisses);
                }
            }
            return new SimulationReport(recorder.timeline(), outcomes(session, recorder), List.copyOf(nearMisses.values()));
        }
    }

    private void recordNearMisses(long t, WorkingMemoryIndex memory, List<PolicyMatch> matches,
                                  Map<String, SimulationReport.NearMiss> nearMisses) {
        for (String service : memory.servicesWithMetrics()) {
            Map<String, Double> values = memory.metricValues(service);
            for (var policy : policies.entrySet()) {
                String key = policy.getKey() + "|" + service;
                boolean matched = matches.stream().anyMatch(m -> m.getPolicy().equals(policy.getKey())
                        && m.getServiceId().equals(service));
                if (matched || nearMisses.containsKey(key)) {
                    continue;
                }
                List<String> held = new ArrayList<>();
                List<String> missed = new ArrayList<>();
                boolean nearly = false;
                for (PolicyConditions.Condition condition : policy.getValue()) {
                    Double value = values.get(condition.metric());
                    if (value == null) {
                        missed.add(condition + " (no " + condition.metric() + " signal)");
                    } else if (condition.holds(value)) {
                        held.add(condition + " (" + format(value) + ")");
                    } else {
                        nearly |= condition.nearly(value);
                        missed.add(condition + " (" + format(value) + ")");
                    }
                }
                boolean someHeld = !held.isEmpty() && !missed.isEmpty();
                if (someHeld || (nearly && missed.size() == 1)) {
                    nearMisses.put(key, new SimulationReport.NearMiss(t, policy.getKey(), service, held, missed));
                }
            }
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static ActionOutcome outcomeFor(Scenario scenario, String action) {
        String outcome = scenario.outcomes().getOrDefault(action, scenario.outcomes().getOrDefault("default", "SUCCEEDED"));
        return ActionOutcome.valueOf(outcome.trim().toUpperCase());
    }

    private static List<SimulationReport.IncidentOutcome> outcomes(RuleSession session, Recorder recorder) {
        return session.facts(Incident.class).stream()
                .sorted(Comparator.comparingLong(Incident::getOpenedAt))
                .map(i -> new SimulationReport.IncidentOutcome(i.getServiceId(), i.getTrigger(), i.getStatus().name(),
                        recorder.actionsOf(i.getId())))
                .toList();
    }

    /** The simulation's decision sink: the timeline, and the actions to answer. */
    private static final class Recorder implements DecisionSink {
        private final List<SimulationReport.Entry> timeline = new ArrayList<>();
        private final List<ActionRequest> dispatches = new ArrayList<>();
        private final Map<String, List<String>> actionsByIncident = new HashMap<>();
        private RuleSession session;

        void bind(RuleSession session) {
            this.session = session;
        }

        @Override
        public void dispatch(ActionRequest request) {
            dispatches.add(request);
            actionsByIncident.computeIfAbsent(request.getIncidentId(), k -> new ArrayList<>()).add(request.getAction());
        }

        @Override
        public void step(Incident incident, String event, String detail) {
            timeline.add(new SimulationReport.Entry(session.now() - START, event, session.currentRule(),
                    incident.getServiceId(), detail));
        }

        List<ActionRequest> drainDispatches() {
            List<ActionRequest> drained = List.copyOf(dispatches);
            dispatches.clear();
            return drained;
        }

        List<SimulationReport.Entry> timeline() {
            return List.copyOf(timeline);
        }

        List<String> actionsOf(String incidentId) {
            return actionsByIncident.getOrDefault(incidentId, List.of());
        }
    }
}
