package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Alert;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.Liveness;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/verification/recovery.drl: after a successful action, only fresh heartbeats and fresh metrics
 * count as recovery, and the verdict falls when the validation window ends.
 */
class RecoveryRulesTest {
    private static final String FROM_METRICS = "recovery-evidence-from-metrics";
    private static final String FROM_HEARTBEAT = "recovery-evidence-from-heartbeat";
    private static final String FROM_ALERT = "recovery-evidence-from-alert-resolved";
    private static final String LOST_DOWN = "recovery-evidence-lost-service-down";
    private static final String LOST_POLICY = "recovery-evidence-lost-policy-matches-again";
    private static final String RECOVERED = "verdict-recovered";
    private static final String NOT_RECOVERED = "verdict-not-recovered";
    private static final long VALIDATION_MS = 30_000;

    private final RuleHarness harness = RuleHarness.of("rules/verification/recovery.drl");
    private long openedAt;
    private long actionAt;

    @BeforeEach
    void openedTenSecondsBeforeTheAction() {
        openedAt = harness.now();
        harness.advance(Duration.ofSeconds(10));
        actionAt = harness.now();
        harness.advance(Duration.ofSeconds(1));        // the action took 1 s and succeeded
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** An incident whose action started at {@link #actionAt} and succeeded one second later. */
    private Incident verifying(IncidentKind kind, String trigger, int priority) {
        Incident incident = new Incident("svc-a", kind, trigger, priority, List.of("restart", "alert-oncall"),
                VALIDATION_MS, 300, kind == IncidentKind.POLICY ? trigger + " no longer matches" : "", "diagnosis",
                openedAt);
        incident.setStatus(IncidentStatus.VERIFYING);
        incident.setCurrentRequestId("request-1");
        incident.setActionStartedAt(actionAt);
        incident.setVerifyAt(harness.now() + VALIDATION_MS);
        harness.insert(incident);
        return incident;
    }

    private Incident livenessIncident() {
        return verifying(IncidentKind.LIVENESS, "service-down", 10);
    }

    private Incident policyIncident() {
        return verifying(IncidentKind.POLICY, "critical-latency-spike", 10);
    }

    /** Liveness that went down before the action: last heartbeat 4 s before it. */
    private Liveness downBeforeTheAction() {
        Liveness liveness = new Liveness("svc-a", 1000, 3, actionAt - 4000);
        liveness.setDown(true);
        liveness.setDownSince(actionAt - 1000);
        harness.insert(liveness);
        return liveness;
    }

    /** A heartbeat now; heartbeat.drl would also mark the service up again. */
    private void heartbeat(Liveness liveness) {
        liveness.setLastHeartbeatAt(harness.now());
        liveness.setDown(false);
        harness.update(liveness);
    }

    private static PolicyMatch policyMatch(String policy, int priority) {
        PolicyMatch match = new PolicyMatch("svc-a", policy);
        match.setPriority(priority);
        match.setActions("restart, alert-oncall");
        return match;
    }

    private void advanceTo(long time) {
        harness.advance(Duration.ofMillis(time - harness.now()));
    }

    @Test
    void shouldNoteRecoveryWhenHeartbeatArrivesAfterAction() {
        Incident incident = livenessIncident();
        Liveness liveness = downBeforeTheAction();
        harness.fireAll();
        harness.advance(Duration.ofSeconds(2));

        heartbeat(liveness);
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_HEARTBEAT);
        assertThat(incident.getRecoveredAt()).isEqualTo(harness.now());
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.event()).isEqualTo("recovery_observed");
            assertThat(step.detail()).isEqualTo("heartbeat resumed 3000 ms after the action");
        });
    }

    @Test
    void shouldGiveNoVerdictOneMsBeforeVerifyAtWhenServiceRecovered() {
        Incident incident = livenessIncident();
        Liveness liveness = downBeforeTheAction();
        harness.advance(Duration.ofSeconds(2));
        heartbeat(liveness);
        harness.fireAll().clearFired();

        advanceTo(incident.getVerifyAt() - 1);
        heartbeat(liveness);
        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(-1);
    }

    @Test
    void shouldResolveAtVerifyAtWithRecoveryTimeFromOpeningToFirstEvidence() {
        Incident incident = livenessIncident();
        Liveness liveness = downBeforeTheAction();
        harness.advance(Duration.ofSeconds(2));
        heartbeat(liveness);
        harness.fireAll();
        long recoveredAt = incident.getRecoveredAt();
        harness.clearFired();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getClosedAt()).isEqualTo(harness.now());
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(recoveredAt - openedAt).isEqualTo(13_000);
        assertThat(harness.sink().events()).containsExactly("verdict_recovered", "incident_resolved");
        assertThat(harness.sink().steps().get(1).detail()).isEqualTo("recovery time 13000 ms");
    }

    @Test
    void shouldNotCountHeartbeatWhenItIsNotNewerThanAction() {
        Incident incident = livenessIncident();
        Liveness liveness = new Liveness("svc-a", 1000, 3, actionAt);   // last heartbeat exactly at the action
        harness.insert(liveness);

        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldAdvanceLadderAtVerifyAtWhenNoEvidenceCame() {
        Incident incident = livenessIncident();
        downBeforeTheAction();
        harness.fireAll();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(NOT_RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(incident.getNextAction()).isEqualTo("alert-oncall");
        assertThat(incident.getVerifyAt()).isZero();
        assertThat(incident.getCurrentRequestId()).isNull();
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.event()).isEqualTo("verdict_not_recovered");
            assertThat(step.detail()).isEqualTo("not recovered within 30000 ms");
        });
    }

    @Test
    void shouldNeverCountMetricsWhenUpdatedBeforeAction() {
        Incident incident = policyIncident();
        harness.insert(new MetricState("svc-a", "latency_p99", 50, actionAt - 1),
                new MetricState("svc-a", "error_rate", 0.01, actionAt));
        harness.fireAll();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(NOT_RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(-1);
    }

    @Test
    void shouldNoteRecoveryWhenFreshMetricsNoLongerMatchTriggeringPolicy() {
        Incident incident = policyIncident();
        MetricState latency = new MetricState("svc-a", "latency_p99", 900, actionAt - 5000);
        harness.insert(latency).fireAll();
        harness.advance(Duration.ofSeconds(3));

        latency.observe(50, harness.now());
        harness.update(latency).fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_METRICS);
        assertThat(incident.getRecoveredAt()).isEqualTo(harness.now());
        assertThat(harness.sink().steps()).singleElement().satisfies(step ->
                assertThat(step.detail()).isEqualTo("fresh metrics no longer match critical-latency-spike"));
    }

    @Test
    void shouldNotRecoverPolicyIncidentWhileItsPolicyStillMatches() {
        Incident incident = policyIncident();
        Liveness liveness = new Liveness("svc-a", 1000, 3, actionAt - 500);
        harness.insert(policyMatch("critical-latency-spike", 10), liveness,
                new MetricState("svc-a", "latency_p99", 900, harness.now()));
        heartbeat(liveness);
        harness.fireAll();
        assertThat(harness.firedRules()).isEmpty();

        advanceTo(incident.getVerifyAt());
        heartbeat(liveness);
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(NOT_RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> assertThat(step.detail())
                .isEqualTo("not recovered within 30000 ms; prediction failed: critical-latency-spike no longer matches"));
    }

    @Test
    void shouldDateRecoveryOfPolicyIncidentFromFreshMetricsWhenHeartbeatCameEarlier() {
        Incident incident = policyIncident();
        PolicyMatch match = policyMatch("critical-latency-spike", 10);
        MetricState latency = new MetricState("svc-a", "latency_p99", 900, actionAt - 5000);
        Liveness liveness = new Liveness("svc-a", 1000, 3, actionAt - 500);
        harness.insert(match, latency, liveness);
        heartbeat(liveness);                                            // a heartbeat while p99 is still 900
        harness.fireAll();
        harness.advance(Duration.ofMillis(700));

        latency.observe(50, harness.now());                             // the decision table withdraws its match
        harness.update(latency).delete(match).fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_METRICS);
        assertThat(incident.getRecoveredAt()).isEqualTo(harness.now());
    }

    @Test
    void shouldNotCountMetricsForLivenessIncident() {
        Incident incident = livenessIncident();
        downBeforeTheAction();
        harness.insert(new MetricState("svc-a", "latency_p99", 50, harness.now()));

        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldNotCountMetricsWhileServiceIsDown() {
        Incident incident = policyIncident();
        downBeforeTheAction();
        harness.insert(new MetricState("svc-a", "latency_p99", 50, harness.now()));

        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldWithdrawEvidenceWhenServiceGoesDownAgainInsideWindow() {
        Incident incident = livenessIncident();
        Liveness liveness = downBeforeTheAction();
        harness.advance(Duration.ofSeconds(1));
        heartbeat(liveness);
        harness.fireAll().clearFired();
        harness.advance(Duration.ofSeconds(4));

        liveness.setDown(true);
        liveness.setDownSince(harness.now());
        harness.update(liveness).fireAll();

        assertThat(harness.firedRules()).containsExactly(LOST_DOWN);
        assertThat(incident.getRecoveredAt()).isZero();
        assertThat(harness.sink().events()).containsExactly("recovery_lost");

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(LOST_DOWN, NOT_RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void shouldWithdrawEvidenceWhenTriggeringPolicyMatchesAgain() {
        Incident incident = policyIncident();
        harness.insert(new MetricState("svc-a", "latency_p99", 50, harness.now())).fireAll();
        assertThat(incident.getRecoveredAt()).isPositive();
        harness.advance(Duration.ofSeconds(5));
        harness.clearFired();

        harness.insert(policyMatch("critical-latency-spike", 10)).fireAll();

        assertThat(harness.firedRules()).containsExactly(LOST_POLICY);
        assertThat(incident.getRecoveredAt()).isZero();
        assertThat(harness.sink().steps()).singleElement()
                .satisfies(step -> assertThat(step.detail()).isEqualTo("policy critical-latency-spike matches again"));
    }

    @Test
    void shouldNotResolvePolicyIncidentWhenHigherPriorityPolicyMatchesFreshMetrics() {
        // Regression (fixed): moderate-latency (300 < p99 < 500) stops matching because p99 jumped to 900, where
        // critical-latency-spike matches; the rules call that recovery and resolve the incident.
        Incident incident = verifying(IncidentKind.POLICY, "moderate-latency", 5);
        harness.insert(policyMatch("critical-latency-spike", 10),
                new MetricState("svc-a", "latency_p99", 900, harness.now()));
        harness.fireAll();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(incident.getStatus()).isNotEqualTo(IncidentStatus.RESOLVED);
        assertThat(harness.firedRules()).doesNotContain(FROM_METRICS, RECOVERED);
    }

    @Test
    void shouldNotResolveManualIncidentWhenPolicyMatchesFreshMetrics() {
        // Regression (fixed): a MANUAL incident's trigger is "manual-heal", which no PolicyMatch ever names, so any fresh
        // metric counts as recovery, even one on which critical-latency-spike matches.
        Incident incident = verifying(IncidentKind.MANUAL, "manual-heal", 10);
        harness.insert(policyMatch("critical-latency-spike", 10),
                new MetricState("svc-a", "latency_p99", 900, harness.now()));
        harness.fireAll();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(incident.getStatus()).isNotEqualTo(IncidentStatus.RESOLVED);
        assertThat(harness.firedRules()).doesNotContain(FROM_METRICS, RECOVERED);
    }

    @Test
    void shouldResolveManualIncidentWhenFreshMetricsMatchNoPolicy() {
        Incident incident = verifying(IncidentKind.MANUAL, "manual-heal", 10);
        harness.insert(new MetricState("svc-a", "latency_p99", 50, harness.now()));
        harness.fireAll();

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_METRICS, RECOVERED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
    }

    /** A HighLatency alert answered by {@code incident}, firing since before the incident opened. */
    private Alert answeredAlert(Incident incident, String fingerprint) {
        Alert alert = new Alert(fingerprint, "svc-a", "HighLatency", "critical", java.util.Map.of(), "p99 high",
                openedAt - 60_000, true, openedAt);
        alert.setIncidentId(incident.getId());
        harness.insert(alert);
        return alert;
    }

    private void resolve(Alert alert) {
        alert.resolve(alert.getStartsAt(), harness.now());
        harness.update(alert);
    }

    @Test
    void shouldNoteRecoveryWhenTheAnsweredAlertResolvesAfterTheAction() {
        Incident incident = verifying(IncidentKind.ALERT, "alert-high-latency", 8);
        Alert alert = answeredAlert(incident, "6f31df29d9ca987a");
        harness.fireAll();
        assertThat(harness.firedRules()).as("a firing alert is no evidence").isEmpty();
        harness.advance(Duration.ofSeconds(4));

        resolve(alert);
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_ALERT);
        assertThat(incident.getRecoveredAt()).isEqualTo(harness.now());
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.event()).isEqualTo("recovery_observed");
            assertThat(step.detail()).isEqualTo("alert HighLatency (fingerprint 6f31df29d9ca987a) resolved 5000 ms "
                    + "after the action");
        });

        advanceTo(incident.getVerifyAt());
        harness.fireAll();

        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(15_000);
    }

    @Test
    void shouldCountAResolveBeforeTheActionFromTheActionsStart() {
        Incident incident = verifying(IncidentKind.ALERT, "alert-high-latency", 8);
        Alert alert = answeredAlert(incident, "6f31df29d9ca987a");
        alert.resolve(alert.getStartsAt(), actionAt - 2_000);
        harness.update(alert);

        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(FROM_ALERT);
        assertThat(incident.getRecoveredAt()).isEqualTo(actionAt);
        assertThat(harness.sink().steps().get(0).detail()).endsWith("had resolved 2000 ms before the action");
    }

    @Test
    void shouldNotCountAResolveWhileAPolicyOfHigherPriorityStillMatches() {
        Incident incident = verifying(IncidentKind.ALERT, "alert-high-latency", 8);
        Alert alert = answeredAlert(incident, "6f31df29d9ca987a");
        harness.insert(policyMatch("critical-latency-spike", 10));
        resolve(alert);

        harness.fireAll();

        assertThat(harness.firedRules()).doesNotContain(FROM_ALERT);
        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldNotCountAResolveWhileTheServiceIsDown() {
        Incident incident = verifying(IncidentKind.ALERT, "alert-high-latency", 8);
        Alert alert = answeredAlert(incident, "6f31df29d9ca987a");
        downBeforeTheAction();
        resolve(alert);

        harness.fireAll();

        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldNotCountTheResolveOfAnAlertTheIncidentDoesNotAnswer() {
        Incident incident = verifying(IncidentKind.ALERT, "alert-high-latency", 8);
        Alert other = new Alert("0000aaaa", "svc-a", "DiskFilling", "warning", java.util.Map.of(), "", openedAt, true,
                openedAt);
        harness.insert(other);
        resolve(other);

        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(incident.getRecoveredAt()).isZero();
    }

    @Test
    void shouldNeverResolveALivenessIncidentOnAnAlertResolve() {
        Incident incident = livenessIncident();
        Alert alert = answeredAlert(incident, "6f31df29d9ca987a");
        resolve(alert);

        harness.fireAll();

        assertThat(harness.firedRules()).doesNotContain(FROM_ALERT);
        assertThat(incident.getRecoveredAt()).isZero();
    }
}
