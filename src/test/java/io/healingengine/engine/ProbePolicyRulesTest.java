package io.healingengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.bus.SupervisionReport;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.metrics.SelfHealMetrics;
import io.healingengine.rules.RuleHarness;
import io.healingengine.rules.WorkingMemoryIndex;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Liveness-probe results reach the policies decision table as the service's {@code probe:*} metric states, while
 * a down process stays the liveness rules' own: the engine's real {@link SupervisionIntake} feeding a session
 * compiled from the whole project (rules/ and decision-tables/), on the pseudo clock. The shipped row
 * slow-liveness-probe: a critical service whose last 3 passing probes took over 800 ms → scale-up, alert-oncall.
 */
class ProbePolicyRulesTest {
    private static final String SERVICE = "web";
    private static final long PID = 100;
    private final RuleHarness harness = RuleHarness.ofProject();
    private final WorkingMemoryIndex memory = new WorkingMemoryIndex(harness.session());
    private final SupervisionIntake intake = new SupervisionIntake(harness.session(), new SelfHealMetrics(),
            (service, metric, value) -> memory.observe(service, metric, value, null));

    /** A critical service the engine supervises (down after 3 failed probes in a row), its process up. */
    @BeforeEach
    void superviseACriticalService() {
        memory.register(new ManagedService(SERVICE, "critical", false, 5_000));
        intake.watch(SERVICE, 3);
        harness.fireAll();
        apply(SupervisionReport.started(SERVICE, PID));
        harness.fireAll().clearFired();
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private void apply(SupervisionReport report) {
        assertThat(intake.apply(report)).as("the session changed").isTrue();
    }

    /** One liveness-probe result, 100 ms after the last, evaluated as the engine does. */
    private void probe(boolean passed, long latencyMs) {
        harness.advance(Duration.ofMillis(100));
        apply(SupervisionReport.probed(SERVICE, PID, passed, passed ? "GET /health answered 200 in " + latencyMs
                + " ms" : "GET /health timed out after " + latencyMs + " ms", latencyMs));
        harness.fireAll();
    }

    private List<Incident> incidents() {
        return harness.facts(Incident.class);
    }

    @Test
    void shouldProposeTheSlowProbePolicysActionWhenThreePassingProbesInARowTakeOver800Ms() {
        // given: slow passes, but a fast one among the last three
        probe(true, 900);
        probe(true, 40);
        probe(true, 900);
        probe(true, 900);
        assertThat(harness.firedRules()).as("near miss: only two slow in a row").doesNotContain("slow-liveness-probe");
        assertThat(incidents()).isEmpty();

        // when: the third slow pass in a row
        probe(true, 950);

        // then: the row matches, opens a policy incident and proposes the first action of its ladder
        assertThat(harness.firedRules()).containsSubsequence("slow-liveness-probe", "open-incident-on-policy-match",
                "propose-next-ladder-action");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.POLICY);
        assertThat(incident.getTrigger()).isEqualTo("slow-liveness-probe");
        assertThat(incident.getLadder()).containsExactly("scale-up", "alert-oncall");
        assertThat(harness.sink().steps()).filteredOn(step -> step.event().equals("action_proposed"))
                .first().satisfies(step -> assertThat(step.detail()).startsWith("scale-up (step 1 of 2)"));
        assertThat(memory.metricValues(SERVICE)).containsEntry("probe:latency-ms", 950.0)
                .containsEntry("probe:latency-ms-min3", 900.0).containsEntry("probe:consecutive-failures", 0.0);
    }

    @Test
    void shouldRunTheLivenessLadderAndOpenNoPolicyIncidentWhenTheProbeFailsToTheThreshold() {
        // given: a process that was slow, then hangs: its probe times out after 1000 ms
        probe(true, 900);
        probe(true, 900);

        // when: the probe fails three times in a row (the threshold)
        probe(false, 1000);
        probe(false, 1000);
        assertThat(incidents()).as("below the threshold: not down yet").isEmpty();
        probe(false, 1000);

        // then: the liveness ladder restarts it, and a failed probe never counted as a slow one
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.LIVENESS);
        assertThat(incident.getTrigger()).isEqualTo("process-down");
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(harness.firedRules()).doesNotContain("slow-liveness-probe", "open-incident-on-policy-match");
        assertThat(memory.metricValues(SERVICE)).containsEntry("probe:consecutive-failures", 3.0)
                .containsEntry("probe:latency-ms", 900.0).doesNotContainKey("probe:latency-ms-min3");
    }

    @Test
    void shouldLeaveADownProcessToTheLivenessLadderWhenItsSlowProbePolicyMatchesInTheSameEvaluation() {
        // given: two slow passes
        probe(true, 900);
        probe(true, 900);

        // when: the third slow pass and the process's exit are evaluated together
        harness.advance(Duration.ofMillis(100));
        apply(SupervisionReport.probed(SERVICE, PID, true, "GET /health answered 200 in 900 ms", 900));
        apply(SupervisionReport.exited(SERVICE, PID, 137, false));
        harness.fireAll();

        // then: the policy row matches, but only the liveness incident opens, and it restarts the process
        assertThat(harness.facts(PolicyMatch.class)).extracting(PolicyMatch::getPolicy)
                .containsExactly("slow-liveness-probe");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getTrigger()).isEqualTo("process-down");
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(harness.sink().steps().get(0).detail()).isEqualTo("pid 100 exited with status 137 (SIGKILL, or exit(137))");
    }

    @Test
    void shouldOpenNoPolicyIncidentForAProcessLeftDownAfterItsLivenessIncidentWasHandedToAHuman() {
        // given: the process exited, its restart failed and on-call was paged: the incident is closed, the
        // process still down
        apply(SupervisionReport.exited(SERVICE, PID, 1, false));
        harness.fireAll();
        executorReports(ActionOutcome.FAILED);
        executorReports(ActionOutcome.SUCCEEDED);
        Incident liveness = harness.single(Incident.class);
        assertThat(liveness.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        harness.clearFired();

        // when: a policy matches its last metrics (the latency it reported before it died)
        memory.observe(SERVICE, "latency_p99", 900, null);
        harness.fireAll();

        // then: no policy acts on a process that is down: it stays with the human
        assertThat(harness.facts(PolicyMatch.class)).extracting(PolicyMatch::getPolicy)
                .containsExactly("critical-latency-spike");
        assertThat(harness.facts(Incident.class)).containsExactly(liveness);
        assertThat(harness.sink().dispatchedActions()).isEmpty();
    }

    /** The executor of the action in flight reports its outcome. */
    private void executorReports(ActionOutcome outcome) {
        harness.advance(Duration.ofMillis(500));
        ActionRequest request = harness.single(ActionRequest.class);
        harness.insert(ActionResult.of(request, outcome, outcome.name(), 100, harness.now())).fireAll();
    }

    @Test
    void shouldStopMatchingTheSlowProbePolicyAtTheFirstFastProbeOfARestartedProcess() {
        // given: the slow-probe policy matches
        probe(true, 900);
        probe(true, 900);
        probe(true, 900);
        assertThat(harness.facts(PolicyMatch.class)).hasSize(1);

        // when: a new process is up and its first probe is fast
        apply(SupervisionReport.started(SERVICE, PID + 1));
        harness.advance(Duration.ofMillis(100));
        apply(SupervisionReport.probed(SERVICE, PID + 1, true, "GET /health answered 200 in 5 ms", 5));
        harness.fireAll();

        // then: no longer three slow probes in a row
        assertThat(harness.facts(PolicyMatch.class)).isEmpty();
        assertThat(memory.metricValues(SERVICE)).containsEntry("probe:latency-ms-min3", 5.0);
    }
}
