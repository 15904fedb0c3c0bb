package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A running session moved between two versions of the real rules — the shipped ones (A) and the same
 * with throughput-drop acting below 1500 req/s instead of 500 (B) — keeps its facts, applies the new
 * version to them at once, and decides nothing twice.
 */
class RuleSessionSwapTest {
    private static CompiledRules a;
    private static CompiledRules b;
    private final RecordingSink sink = new RecordingSink();
    private final List<String> fired = new ArrayList<>();

    @BeforeAll
    static void compileVersions() {
        a = RuleVariants.shipped();
        b = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500);
    }

    private RuleSession openOnA() {
        RuleSession session = RuleSession.open(a, true, RuleHarness.START, sink, (rule, matched) -> fired.add(rule));
        sink.bind(session.currentRuleSupplier());
        return session;
    }

    @Test
    void shouldApplyTheNewVersionToTheFactsAlreadyInTheSession() {
        try (RuleSession session = openOnA()) {
            // given: a throughput of 1000 req/s, which version A tolerates
            session.insert(new ManagedService("checkout", "default", false, 5_000));
            session.insert(new MetricState("checkout", "throughput", 1000, RuleHarness.START));
            session.fireAll();
            assertThat(session.facts(Incident.class)).isEmpty();
            long factsBefore = session.factCount();

            // when: the session moves to version B, and nothing else happens
            session.swapTo(b);
            session.fireAll();

            // then: B judged the latency already there, and no fact was lost
            assertThat(session.facts(Incident.class)).singleElement()
                    .satisfies(incident -> assertThat(incident.getServiceId()).isEqualTo("checkout"));
            assertThat(sink.steps()).anySatisfy(step -> assertThat(step.rule()).isEqualTo("open-incident-on-policy-match"));
            assertThat(session.facts(Incident.class).get(0).getTrigger()).isEqualTo("throughput-drop");
            assertThat(session.facts(ManagedService.class)).hasSize(1);
            assertThat(session.facts(MetricState.class)).hasSize(1);
            assertThat(session.factCount()).isGreaterThanOrEqualTo(factsBefore);
        }
    }

    @Test
    void shouldDecideNothingTwiceWhenSwappingBackAndForthInTheMiddleOfIncidents() {
        try (RuleSession session = openOnA()) {
            // given: one service whose fix is being verified and looks recovered, one whose fix is being
            // verified and still looks bad, one whose restart is in flight, one healthy
            long now = session.now();
            MetricState verifying = new MetricState("svc-verify", "latency_p99", 900, now);
            MetricState stillBad = new MetricState("svc-still-bad", "latency_p99", 900, now);
            MetricState acting = new MetricState("svc-acting", "latency_p99", 900, now);
            session.insert(new ManagedService("svc-verify", "default", false, 30_000));
            session.insert(new ManagedService("svc-acting", "default", false, 30_000));
            session.insert(new ManagedService("svc-fine", "default", false, 30_000));
            session.insert(new ManagedService("svc-still-bad", "default", false, 30_000));
            session.insert(verifying);
            session.insert(stillBad);
            session.insert(new MetricState("svc-fine", "latency_p99", 40, now));
            session.fireAll();
            session.advance(Duration.ofSeconds(1));
            for (String service : List.of("svc-verify", "svc-still-bad")) {
                session.insert(ActionResult.of(requestFor(session, service), ActionOutcome.SUCCEEDED, "ok", 300,
                        session.now()));
            }
            session.insert(acting);
            session.fireAll();
            session.advance(Duration.ofSeconds(1));
            verifying.observe(40, session.now());
            session.update(session.refOf(verifying), verifying);
            stillBad.observe(950, session.now());
            session.update(session.refOf(stillBad), stillBad);
            session.fireAll();
            assertThat(incidentOf(session, "svc-verify").getRecoveredAt()).isPositive();
            assertThat(incidentOf(session, "svc-still-bad").getStatus()).isEqualTo(IncidentStatus.VERIFYING);
            assertThat(incidentOf(session, "svc-still-bad").getRecoveredAt()).isZero();
            assertThat(incidentOf(session, "svc-acting").getStatus()).isEqualTo(IncidentStatus.ACTING);

            for (CompiledRules next : List.of(b, a, b, a)) {
                Map<String, Long> factsBefore = factsByType(session);
                Map<String, String> statusBefore = statuses(session);
                sink.clear();
                fired.clear();

                // when: the session moves to the other version, with no new signal
                session.swapTo(next);
                session.fireAll();

                // then: nothing was decided again, no fact doubled or vanished, no incident moved on
                assertThat(sink.steps()).as("steps after the swap to " + next.version() + ", rules fired " + fired)
                        .isEmpty();
                assertThat(sink.dispatched()).as("dispatches after the swap to " + next.version()).isEmpty();
                assertThat(factsByType(session)).isEqualTo(factsBefore);
                assertThat(statuses(session)).isEqualTo(statusBefore);
            }
        }
    }

    private static ActionRequest requestFor(RuleSession session, String service) {
        return session.facts(ActionRequest.class).stream().filter(r -> r.getServiceId().equals(service)).findFirst()
                .orElseThrow();
    }

    private static Incident incidentOf(RuleSession session, String service) {
        return session.facts(Incident.class).stream().filter(i -> i.getServiceId().equals(service)).findFirst()
                .orElseThrow();
    }

    private static Map<String, Long> factsByType(RuleSession session) {
        return session.facts(Object.class).stream()
                .collect(Collectors.groupingBy(fact -> fact.getClass().getSimpleName(), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, String> statuses(RuleSession session) {
        return session.facts(Incident.class).stream().collect(Collectors.toMap(Incident::getServiceId,
                i -> i.getStatus() + " recoveredAt=" + i.getRecoveredAt(), (x, y) -> x + "," + y, TreeMap::new));
    }
}
