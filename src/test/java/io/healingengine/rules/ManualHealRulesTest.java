package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.ManualHealRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rules/remediation/manual-heal.drl: an operator's heal request opens a MANUAL incident or is refused. */
class ManualHealRulesTest {
    private static final String OPEN = "open-incident-on-manual-heal";
    private static final String REFUSE = "refuse-manual-heal-while-incident-open";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/manual-heal.drl");

    @BeforeEach
    void manageService() {
        harness.insert(new ManagedService("svc-a", "critical", false, 45_000));
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private static ManualHealRequest heal(String serviceId, String action) {
        return new ManualHealRequest(serviceId, action, "memory leak after deploy", "alice");
    }

    private Incident policyIncident() {
        return new Incident("svc-a", IncidentKind.POLICY, "critical-latency-spike", 10,
                List.of("restart", "alert-oncall"), 30_000, 300, "", "policy:critical-latency-spike", harness.now());
    }

    @Test
    void shouldOpenManualIncidentWithRequestedActionWhenServiceHasNoOpenIncident() {
        ManualHealRequest request = heal("svc-a", "restart");

        harness.insert(request).fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getServiceId()).isEqualTo("svc-a");
        assertThat(incident.getKind()).isEqualTo(IncidentKind.MANUAL);
        assertThat(incident.getTrigger()).isEqualTo("manual-heal");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getLadder()).containsExactly("restart");
        assertThat(incident.getValidationMs()).isEqualTo(45_000);
        assertThat(incident.getDiagnosis()).isEqualTo("manual");
        assertThat(incident.getPrediction()).isEqualTo("service healthy within 45000 ms after restart");
        assertThat(request.getIncidentId()).isEqualTo(incident.getId());
        assertThat(request.getRefusal()).isNull();
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.event()).isEqualTo("incident_opened");
            assertThat(step.rule()).isEqualTo(OPEN);
            assertThat(step.detail()).isEqualTo("manual heal by 'alice': memory leak after deploy");
        });
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldRefuseManualHealWhenServiceHasOpenIncident() {
        Incident open = policyIncident();
        open.setStatus(IncidentStatus.ACTING);
        harness.insert(open).fireAll();
        ManualHealRequest request = heal("svc-a", "restart");

        harness.insert(request).fireAll();

        assertThat(harness.firedRules()).containsExactly(REFUSE);
        assertThat(request.getIncidentId()).isNull();
        assertThat(request.getRefusal()).isEqualTo("incident " + open.getId() + " is open for svc-a (ACTING)");
        assertThat(harness.facts(Incident.class)).containsExactly(open);
        assertThat(harness.sink().steps()).isEmpty();
    }

    @Test
    void shouldOpenManualIncidentWhenEarlierIncidentOfServiceIsClosed() {
        Incident resolved = policyIncident();
        resolved.resolve(harness.now());
        harness.insert(resolved).fireAll();
        harness.advance(Duration.ofMinutes(1));
        ManualHealRequest request = heal("svc-a", "scale-up");

        harness.insert(request).fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        assertThat(request.getIncidentId()).isNotNull().isNotEqualTo(resolved.getId());
        assertThat(request.getRefusal()).isNull();
    }

    @Test
    void shouldRefuseSecondRequestWhenTwoRequestsForOneServiceArriveTogether() {
        ManualHealRequest first = heal("svc-a", "restart");
        ManualHealRequest second = heal("svc-a", "scale-up");

        harness.insert(first, second).fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN, REFUSE);
        assertThat(harness.facts(Incident.class)).hasSize(1);
        assertThat(List.of(first, second)).allMatch(ManualHealRequest::isAnswered);
        assertThat(List.of(first, second)).filteredOn(r -> r.getIncidentId() != null).hasSize(1);
        assertThat(List.of(first, second)).filteredOn(r -> r.getRefusal() != null).hasSize(1);
    }

    @Test
    void shouldAnswerRequestOnlyOnceWhenIncidentOpensAfterwards() {
        ManualHealRequest request = heal("svc-a", "restart");
        harness.insert(request).fireAll();
        String incidentId = request.getIncidentId();
        harness.clearFired();

        harness.advance(Duration.ofSeconds(5)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(request.getIncidentId()).isEqualTo(incidentId);
        assertThat(request.getRefusal()).isNull();
    }

    @Test
    void shouldLeaveRequestUnansweredWhenServiceIsNotManaged() {
        // The engine registers every service before it inserts a heal request and answers an unanswered
        // request itself ("no rule accepted the request"); the rules only act on managed services.
        ManualHealRequest request = heal("svc-unknown", "restart");

        harness.insert(request).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).isEmpty();
        assertThat(request.isAnswered()).isFalse();
    }
}
