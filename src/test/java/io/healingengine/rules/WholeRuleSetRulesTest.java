package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.ClassifiedError;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.ErrorEvent;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.Liveness;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.domain.ServiceDown;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole shipped rule set (rules/ and the policy decision table) on the pseudo clock: full stories
 * from the first bad signal to RESOLVED or ESCALATED, with the executor played by the test.
 */
class WholeRuleSetRulesTest {
    private final RuleHarness harness = RuleHarness.ofProject();
    private Liveness liveness;
    private MetricState latency;

    /** A critical service heartbeating every second (down after 3 s of silence) with healthy metrics. */
    @BeforeEach
    void healthyService() {
        long now = harness.now();
        liveness = new Liveness("svc-a", 1000, 3, now);
        latency = new MetricState("svc-a", "latency_p99", 50, now);
        harness.insert(new ManagedService("svc-a", "critical", false, 45_000), liveness, latency,
                new MetricState("svc-a", "error_rate", 0.01, now), new MetricState("svc-a", "throughput", 1200, now),
                new MetricState("svc-a", "cpu_util", 0.3, now), new MetricState("svc-a", "memory_util", 0.4, now));
        harness.fireAll();
        // only the guard-limits rows, which insert each tier's limits once at start: nothing is wrong yet
        assertThat(harness.firedRules()).allMatch(rule -> rule.startsWith("guard-limits-"));
        harness.clearFired();
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private void heartbeat() {
        liveness.setLastHeartbeatAt(harness.now());
        harness.update(liveness);
    }

    /** Lets time pass up to {@code time}, the service heartbeating at least once a second. */
    private void heartbeatingUntil(long time) {
        while (harness.now() < time) {
            harness.advance(Duration.ofMillis(Math.min(1000, time - harness.now())));
            heartbeat();
            harness.fireAll();
        }
    }

    private void observeLatency(double value) {
        latency.observe(value, harness.now());
        harness.update(latency).fireAll();
    }

    /** The executor reports on the request in flight. */
    private void report(ActionOutcome outcome) {
        ActionRequest request = harness.single(ActionRequest.class);
        harness.insert(ActionResult.of(request, outcome, outcome == ActionOutcome.SUCCEEDED ? "ok" : "exit 1", 500,
                harness.now())).fireAll();
    }

    @Test
    void shouldResolveLatencySpikeWhenRestartBringsLatencyBackWithinValidationWindow() {
        long start = harness.now();
        heartbeatingUntil(start + 1500);

        observeLatency(900);                                            // given: p99 spikes

        assertThat(harness.firedRules()).containsSubsequence("critical-latency-spike",
                "open-incident-on-policy-match", "propose-next-ladder-action", "dispatch-unblocked-proposal");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.POLICY);
        assertThat(incident.getTrigger()).isEqualTo("critical-latency-spike");
        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        long openedAt = incident.getOpenedAt();
        assertThat(openedAt).isEqualTo(start + 1500);

        heartbeatingUntil(start + 2000);
        report(ActionOutcome.SUCCEEDED);                                // when: the restart succeeded

        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(incident.getVerifyAt()).isEqualTo(start + 2000 + 30_000);
        assertThat(harness.facts(ActionRequest.class)).isEmpty();
        assertThat(harness.facts(ActionResult.class)).isEmpty();

        heartbeatingUntil(start + 5500);                                // heartbeats alone, p99 still 900 (stale)
        assertThat(incident.getRecoveredAt()).as("stale latency is no evidence").isZero();
        assertThat(harness.facts(PolicyMatch.class)).hasSize(1);

        observeLatency(50);                                             // fresh p99 back to normal
        assertThat(harness.facts(PolicyMatch.class)).isEmpty();
        assertThat(incident.getRecoveredAt()).isEqualTo(start + 5500);

        heartbeatingUntil(incident.getVerifyAt() - 1);
        assertThat(incident.getStatus()).as("no verdict before verifyAt").isEqualTo(IncidentStatus.VERIFYING);

        heartbeatingUntil(incident.getVerifyAt());                      // then: resolved when the window ends

        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getClosedAt()).isEqualTo(start + 32_000);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(4000);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(harness.sink().events()).containsSubsequence("incident_opened", "diagnosis", "action_proposed",
                "action_started", "action_succeeded", "recovery_observed", "verdict_recovered", "incident_resolved");
        assertThat(harness.facts(Incident.class)).containsExactly(incident);
        assertThat(harness.single(Cooldown.class).getPolicy()).isEqualTo("critical-latency-spike");
        assertThat(liveness.isDown()).isFalse();
    }

    @Test
    void shouldEscalateHeartbeatLossWhenRestartFails() {
        long start = harness.now();

        harness.advance(Duration.ofMillis(3001)).fireAll();            // given: 3 s of silence

        assertThat(harness.firedRules()).containsSubsequence("service-down-on-missed-heartbeats",
                "open-incident-on-service-down", "propose-next-ladder-action", "dispatch-unblocked-proposal");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.LIVENESS);
        assertThat(incident.getDiagnosis()).isEqualTo("liveness:down");
        assertThat(incident.getOpenedAt()).isEqualTo(start + 3001);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(harness.single(ServiceDown.class).isHandled()).isTrue();

        harness.advance(Duration.ofSeconds(5));
        report(ActionOutcome.FAILED);                                   // when: the restart fails

        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall");

        harness.advance(Duration.ofSeconds(1));
        report(ActionOutcome.SUCCEEDED);                                // and on-call was paged

        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);   // then
        assertThat(incident.getClosedAt()).isEqualTo(start + 9001);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(-1);
        assertThat(harness.sink().events()).containsExactly("incident_opened", "diagnosis", "action_proposed",
                "action_started", "action_failed", "action_proposed", "action_started", "action_succeeded",
                "incident_escalated");
        assertThat(harness.facts(Incident.class)).containsExactly(incident);
        assertThat(harness.facts(ActionRequest.class)).isEmpty();
        assertThat(harness.facts(PolicyMatch.class)).isEmpty();
        assertThat(liveness.isDown()).isTrue();
    }

    @Test
    void shouldResolveHeartbeatLossWhenHeartbeatsResumeAfterRestart() {
        long start = harness.now();
        harness.advance(Duration.ofMillis(3001)).fireAll();
        Incident incident = harness.single(Incident.class);
        harness.advance(Duration.ofSeconds(5));

        report(ActionOutcome.SUCCEEDED);                                // the restart succeeded at start + 8001
        heartbeatingUntil(start + 10_000);                              // first heartbeat at start + 9001

        assertThat(liveness.isDown()).isFalse();
        assertThat(incident.getRecoveredAt()).isEqualTo(start + 9001);

        heartbeatingUntil(incident.getVerifyAt());

        assertThat(incident.getVerifyAt()).isEqualTo(start + 8001 + 45_000);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(6000);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(harness.facts(Incident.class)).containsExactly(incident);
    }

    @Test
    void shouldPageInsteadOfRestartingWhenTheServiceCrashesForTheThirdTimeWithinFifteenMinutes() {
        // given: a service that crashes, is restarted, comes back — twice
        for (int crash = 1; crash <= 2; crash++) {
            heartbeatingUntil(harness.now() + 2000);
            harness.advance(Duration.ofMillis(3001)).fireAll();                  // silent: down
            report(ActionOutcome.SUCCEEDED);                                     // restarted
            heartbeatingUntil(harness.now() + 46_000);                           // back; window passes
            assertThat(harness.facts(Incident.class)).filteredOn(i -> i.getStatus() == IncidentStatus.RESOLVED)
                    .hasSize(crash);
        }
        harness.clearFired();

        // when: it crashes a third time within 15 minutes
        harness.advance(Duration.ofMillis(3001)).fireAll();

        // then: crash loop — a human is paged, no third restart
        assertThat(harness.firedRules()).contains("escalate-crash-loop").doesNotContain("open-incident-on-service-down");
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldClassifyAnErrorByItsRowAloneWhenTheWholeRuleBaseIsLoaded() {
        // given: the healthy service reports an OutOfMemoryError
        ErrorEvent error = new ErrorEvent("svc-a", "java.lang.OutOfMemoryError", "Java heap space", null, null,
                harness.now());

        // when
        harness.insert(error).fireAll();

        // then: the taxonomy row, not the fallback and nothing else (no rule acts on failure classes yet)
        assertThat(harness.firedRules()).containsExactly("classify-java-out-of-memory");
        assertThat(harness.single(ClassifiedError.class).getFailureClass()).isEqualTo("out-of-memory");
        assertThat(harness.facts(ErrorEvent.class)).isEmpty();
        assertThat(harness.facts(Incident.class)).isEmpty();
    }
}
