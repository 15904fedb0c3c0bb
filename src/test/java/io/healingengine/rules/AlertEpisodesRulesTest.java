package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Alert;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.rules.AlertIndex.Change;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/alerts/episodes.drl with the alert policies table and the rest of the shipped rules: an alert that
 * Alertmanager reports (through the {@link AlertIndex}, as the engine applies webhooks) opens one incident
 * with its row's ladder, however often it is repeated; its resolve is the evidence of recovery; a new
 * firing after a resolve waits for the cooldown and meets the guards.
 */
class AlertEpisodesRulesTest {
    private static final String FINGERPRINT = "6f31df29d9ca987a";
    private static final long WINDOW_MS = 360_000;
    private static final long COOLDOWN_MS = 600_000;
    private static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);

    private final RuleHarness harness = RuleHarness.ofProject();
    private AlertIndex alerts;
    private long startsAt;

    @BeforeEach
    void serviceInTheInventory() {
        harness.insert(new ManagedService("svc-a", "standard", false, 10_000)).fireAll().clearFired();
        alerts = new AlertIndex(harness.session());
        startsAt = harness.now() - 30_000;
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private Change report(String alertname, String severity, long episodeStart, boolean firing) {
        Change change = alerts.apply(new Alert(FINGERPRINT, "svc-a", alertname, severity, Map.of("team", "sre"),
                "p99 latency is 900ms", episodeStart, firing, harness.now()));
        harness.fireAll();
        return change;
    }

    private Change fire() {
        return report("HighLatency", "critical", startsAt, true);
    }

    private Change resolve() {
        return report("HighLatency", "critical", startsAt, false);
    }

    private Alert alert() {
        return alerts.find(FINGERPRINT).orElseThrow();
    }

    /** The executor reports on the request in flight. */
    private void report(ActionOutcome outcome) {
        ActionRequest request = harness.single(ActionRequest.class);
        harness.insert(ActionResult.of(request, outcome, outcome == ActionOutcome.SUCCEEDED ? "ok" : "exit 1", 500,
                harness.now())).fireAll();
    }

    private void advance(Duration by) {
        harness.advance(by).fireAll();
    }

    private void advanceTo(long time) {
        advance(Duration.ofMillis(time - harness.now()));
    }

    private List<Incident> incidents() {
        return harness.facts(Incident.class);
    }

    @Test
    void shouldOpenOneAlertIncidentWithTheBestRowsLadderWhenAnAlertFires() {
        // when
        Change change = fire();

        // then
        assertThat(change).isEqualTo(Change.OPENED);
        assertThat(harness.firedRules()).containsSubsequence("alert-high-latency", "open-incident-on-policy-match",
                "propose-next-ladder-action", "dispatch-unblocked-proposal").contains("alert-answered-by-open-incident");
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getKind()).isEqualTo(IncidentKind.ALERT);
        assertThat(incident.getTrigger()).isEqualTo("alert-high-latency");
        assertThat(incident.getDiagnosis()).isEqualTo("alert:alert-high-latency");
        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.getValidationMs()).isEqualTo(WINDOW_MS);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(alert().getIncidentId()).isEqualTo(incident.getId());
        assertThat(harness.sink().steps()).extracting(RecordingSink.Step::detail).contains(
                "alert:alert-high-latency; prediction: the HighLatency alert resolves within 360 s",
                "alert HighLatency (severity critical, fingerprint 6f31df29d9ca987a) is answered by this incident: "
                        + "p99 latency is 900ms");
        assertThat(harness.facts(Cooldown.class)).extracting(Cooldown::getPolicy)
                .as("both rows that match the alert cool down").containsExactlyInAnyOrder("alert-high-latency", "alert-critical");
    }

    @Test
    void shouldNeverOpenASecondIncidentNorRepeatAnActionWhenAlertmanagerRepeatsTheAlert() {
        // given: the alert fired, the restart ran and succeeded
        fire();
        Incident incident = harness.single(Incident.class);
        report(ActionOutcome.SUCCEEDED);

        // when: Alertmanager repeats it every group_interval for 40 minutes, long past the validation window,
        // the page, and the cooldown
        for (int i = 0; i < 8; i++) {
            advance(GROUP_INTERVAL);
            assertThat(fire()).isEqualTo(Change.UNCHANGED);
            if (!harness.facts(ActionRequest.class).isEmpty()) {
                report(ActionOutcome.SUCCEEDED);                      // the page was delivered
            }
        }

        // then: one incident (retired from memory ten minutes after it closed), restart then the page, and the
        // episode settled once the incident closed
        assertThat(harness.sink().events()).filteredOn("incident_opened"::equals).hasSize(1);
        assertThat(incidents()).isEmpty();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall");
        assertThat(alert().isSettled()).isTrue();
        assertThat(harness.facts(PolicyMatch.class)).isEmpty();
        assertThat(harness.facts(Cooldown.class)).as("the cooldown is long over").isEmpty();
        assertThat(harness.sink().events()).contains("alert_settled");
    }

    @Test
    void shouldResolveTheIncidentWhenTheAlertResolvesWithinTheValidationWindow() {
        // given
        fire();
        Incident incident = harness.single(Incident.class);
        advance(Duration.ofSeconds(2));
        report(ActionOutcome.SUCCEEDED);
        advance(Duration.ofSeconds(40));

        // when
        Change change = resolve();

        // then: evidence at once, the verdict when the window ends
        assertThat(change).isEqualTo(Change.RESOLVED);
        assertThat(harness.firedRules()).contains("recovery-evidence-from-alert-resolved");
        assertThat(incident.getRecoveredAt()).isEqualTo(harness.now());
        advanceTo(incident.getVerifyAt() - 1);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        advanceTo(incident.getVerifyAt());
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getRecoveryTimeMs()).isEqualTo(42_000);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
    }

    @Test
    void shouldNotResolveWhenTheAlertFiresAgainWithinTheValidationWindow() {
        // given: resolved 40 s after the restart
        fire();
        Incident incident = harness.single(Incident.class);
        report(ActionOutcome.SUCCEEDED);
        advance(Duration.ofSeconds(40));
        resolve();
        assertThat(incident.getRecoveredAt()).isPositive();

        // when: Prometheus fires it again two minutes later (a new episode)
        advance(Duration.ofMinutes(2));
        Change change = report("HighLatency", "critical", harness.now() - 10_000, true);

        // then: the evidence is withdrawn, the new episode belongs to the same incident, and the window fails
        assertThat(change).isEqualTo(Change.REFIRED);
        assertThat(harness.firedRules()).contains("recovery-evidence-lost-policy-matches-again");
        assertThat(incident.getRecoveredAt()).isZero();
        assertThat(alert().getIncidentId()).isEqualTo(incident.getId());
        advanceTo(incident.getVerifyAt());
        assertThat(harness.sink().events()).contains("verdict_not_recovered");
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall");
        assertThat(incidents()).containsExactly(incident);
    }

    @Test
    void shouldOpenANewIncidentForAnAlertFiringAgainOnlyWhenTheCooldownEnds() {
        // given: an episode healed by a restart: resolved, verified
        fire();
        Incident first = harness.single(Incident.class);
        long openedAt = first.getOpenedAt();
        report(ActionOutcome.SUCCEEDED);
        advance(Duration.ofSeconds(30));
        resolve();
        advanceTo(first.getVerifyAt());
        assertThat(first.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        harness.clearFired();

        // when: it fires again, within the cooldown of both rows that match it
        advanceTo(openedAt + COOLDOWN_MS - 60_000);
        assertThat(report("HighLatency", "critical", harness.now() - 15_000, true)).isEqualTo(Change.REFIRED);

        // then: nothing until the cooldown ends, not even through the broader alert-critical row
        advanceTo(openedAt + COOLDOWN_MS - 1);
        assertThat(incidents()).containsExactly(first);
        assertThat(harness.firedRules()).doesNotContain("open-incident-on-policy-match");
        advanceTo(openedAt + COOLDOWN_MS);
        assertThat(incidents()).hasSize(2);
        Incident second = incidents().stream().filter(Incident::isOpen).findFirst().orElseThrow();
        assertThat(second.getTrigger()).isEqualTo("alert-high-latency");
        assertThat(alert().getIncidentId()).isEqualTo(second.getId());
        // the earlier restart was verified a success, so the dedup guard lets the restart run again
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
    }

    @Test
    void shouldLetTheDedupGuardRefuseTheRestartWhenTheLastOneDidNotHeal() {
        // given: the first episode was not healed by its restart and ended with a page; then it resolved
        fire();
        Incident first = harness.single(Incident.class);
        report(ActionOutcome.SUCCEEDED);
        advanceTo(first.getVerifyAt());
        report(ActionOutcome.SUCCEEDED);                                  // the page
        assertThat(first.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        resolve();
        harness.clearFired();

        // when: it fires again after the cooldown
        advanceTo(first.getOpenedAt() + COOLDOWN_MS + 1_000);
        report("HighLatency", "critical", harness.now() - 15_000, true);

        // then: a new incident, whose restart the dedup guard refuses (120 min, not verified) — straight to the page
        assertThat(incidents()).hasSize(2);
        assertThat(harness.sink().steps()).extracting(RecordingSink.Step::detail)
                .anyMatch(detail -> detail.startsWith("dedup: restart already ran on svc-a"));
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldAnswerTheAlertWithTheOpenMetricIncidentInsteadOfOpeningASecondOne() {
        // given: a metric policy's incident is open for the service
        harness.insert(new MetricState("svc-a", "latency_p99", 900, harness.now())).fireAll();
        Incident metric = harness.single(Incident.class);
        assertThat(metric.getKind()).isEqualTo(IncidentKind.POLICY);
        harness.clearFired();

        // when: Prometheus' alert about the same latency arrives
        fire();

        // then: no second incident, and the chain of the open one names the alert
        assertThat(incidents()).containsExactly(metric);
        assertThat(harness.firedRules()).contains("alert-answered-by-open-incident")
                .doesNotContain("open-incident-on-policy-match");
        assertThat(alert().getIncidentId()).isEqualTo(metric.getId());
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.incidentId()).isEqualTo(metric.getId());
            assertThat(step.detail()).startsWith("alert HighLatency (severity critical, fingerprint 6f31df29d9ca987a) "
                    + "is answered by this incident");
        });
        assertThat(harness.sink().dispatchedActions()).isEmpty();
    }

    @Test
    void shouldOpenNothingForAnAlertNoRowTakes() {
        // when
        Change change = report("DiskFilling", "warning", startsAt, true);

        // then: the alert is held, no policy matches it, nothing happens
        assertThat(change).isEqualTo(Change.OPENED);
        assertThat(harness.facts(PolicyMatch.class)).isEmpty();
        assertThat(incidents()).isEmpty();
        assertThat(alert().getIncidentId()).isNull();
    }

    @Test
    void shouldRetireAResolvedAlertAfterAnHourAndForgetIt() {
        // given
        report("DiskFilling", "warning", startsAt, true);
        report("DiskFilling", "warning", startsAt, false);

        // when / then
        advance(Duration.ofMinutes(60));
        assertThat(alerts.find(FINGERPRINT)).isPresent();
        advance(Duration.ofMillis(1));
        assertThat(harness.firedRules()).contains("retire-resolved-alert");
        assertThat(alerts.find(FINGERPRINT)).isEmpty();
        assertThat(harness.facts(Alert.class)).isEmpty();
    }
}
