package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.ServiceDown;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rules/liveness/service-down.drl: a down service gets a restart, a crash loop gets a human. */
class ServiceDownRulesTest {
    private static final String OPEN = "open-incident-on-service-down";
    private static final String CRASH_LOOP = "escalate-crash-loop";
    private static final String DURING = "service-down-during-open-incident";

    private final RuleHarness harness = RuleHarness.of("rules/liveness/service-down.drl");

    @BeforeEach
    void manageService() {
        harness.insert(new ManagedService("svc-a", "critical", false, 45_000));
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private ServiceDown down() {
        ServiceDown down = new ServiceDown("svc-a", harness.now(), "no heartbeat for 3001 ms (limit 3 x 1000 ms)");
        harness.insert(down).fireAll();
        return down;
    }

    private void close(Incident incident) {
        incident.resolve(harness.now());
        harness.update(incident).fireAll();
    }

    /** A down that opens an incident which is then resolved, leaving the service free for the next one. */
    private void downAndRecover() {
        down();
        close(openIncident());
    }

    private Incident openIncident() {
        List<Incident> open = harness.facts(Incident.class).stream().filter(Incident::isOpen).toList();
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    @Test
    void shouldOpenLivenessIncidentWithRestartLadderWhenManagedServiceGoesDown() {
        ServiceDown down = down();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getServiceId()).isEqualTo("svc-a");
        assertThat(incident.getKind()).isEqualTo(IncidentKind.LIVENESS);
        assertThat(incident.getTrigger()).isEqualTo("service-down");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getLadder()).containsExactly("restart");
        assertThat(incident.getDiagnosis()).isEqualTo("liveness:down");
        assertThat(incident.getValidationMs()).isEqualTo(45_000);
        assertThat(incident.getOpenedAt()).isEqualTo(harness.now());
        assertThat(down.isHandled()).isTrue();
        assertThat(harness.sink().events()).containsExactly("incident_opened", "diagnosis");
        assertThat(harness.sink().steps()).allSatisfy(step -> assertThat(step.rule()).isEqualTo(OPEN));
        assertThat(harness.sink().steps().get(1).detail()).startsWith("liveness:down (no heartbeat for 3001 ms");
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldOpenNoIncidentWhenServiceIsNotManaged() {
        ServiceDown down = new ServiceDown("svc-unknown", harness.now(), "no heartbeat");
        harness.insert(down).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).isEmpty();
        assertThat(down.isHandled()).isFalse();
    }

    @Test
    void shouldOpenOrdinaryIncidentWhenServiceGoesDownSecondTimeWithin15Minutes() {
        downAndRecover();
        harness.advance(Duration.ofMinutes(5));
        harness.clearFired();

        down();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        assertThat(openIncident().getTrigger()).isEqualTo("service-down");
    }

    @Test
    void shouldOpenCrashLoopIncidentWithoutRestartWhenServiceGoesDownThirdTimeWithin15Minutes() {
        downAndRecover();
        harness.advance(Duration.ofMinutes(5));
        downAndRecover();
        harness.advance(Duration.ofMinutes(10).minusMillis(1));   // the first down is 14:59.999 old
        harness.clearFired();

        ServiceDown third = down();

        assertThat(harness.firedRules()).containsExactly(CRASH_LOOP);
        Incident incident = openIncident();
        assertThat(incident.getKind()).isEqualTo(IncidentKind.LIVENESS);
        assertThat(incident.getTrigger()).isEqualTo("crash-loop");
        assertThat(incident.getDiagnosis()).isEqualTo("crash-loop");
        assertThat(incident.getLadder()).containsExactly("alert-oncall").doesNotContain("restart");
        assertThat(incident.getValidationMs()).isZero();
        assertThat(third.isHandled()).isTrue();
        assertThat(harness.sink().events()).containsExactly("incident_opened", "diagnosis");
        assertThat(harness.sink().steps().get(1).detail())
                .isEqualTo("crash-loop: down 3 times within 15 min; no further restart");
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldNotCountDownsOlderThan15MinutesTowardsCrashLoop() {
        downAndRecover();
        harness.advance(Duration.ofMinutes(5));
        downAndRecover();
        harness.advance(Duration.ofMinutes(10).plusMillis(1));    // the first down is 15:00.001 old
        harness.clearFired();

        down();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        Incident incident = openIncident();
        assertThat(incident.getTrigger()).isEqualTo("service-down");
        assertThat(incident.getLadder()).containsExactly("restart");
    }

    @Test
    void shouldCountDownsAttachedToOpenIncidentTowardsCrashLoop() {
        down();
        harness.advance(Duration.ofMinutes(1));
        down();                                                   // attached to the open incident
        close(openIncident());
        harness.advance(Duration.ofMinutes(1));
        harness.clearFired();

        down();

        assertThat(harness.firedRules()).containsExactly(CRASH_LOOP);
        assertThat(openIncident().getTrigger()).isEqualTo("crash-loop");
    }

    @Test
    void shouldAttachDownToOpenIncidentWhenServiceGoesDownDuringIt() {
        down();
        Incident incident = openIncident();
        harness.advance(Duration.ofSeconds(20));
        harness.clearFired();

        ServiceDown second = down();

        assertThat(harness.firedRules()).containsExactly(DURING);
        assertThat(harness.facts(Incident.class)).containsExactly(incident);
        assertThat(second.isHandled()).isTrue();
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.incidentId()).isEqualTo(incident.getId());
            assertThat(step.event()).isEqualTo("diagnosis");
            assertThat(step.detail()).startsWith("service went down during the incident: no heartbeat");
        });
    }

    @Test
    void shouldNotReopenIncidentWhenHandledDownOutlivesClosedIncident() {
        ServiceDown first = down();
        harness.advance(Duration.ofSeconds(40));
        close(openIncident());
        harness.clearFired();

        harness.advance(Duration.ofMinutes(1)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).singleElement()
                .satisfies(incident -> assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED));
        assertThat(first.isHandled()).isTrue();
    }

    @Test
    void shouldDropDownEventWhenItExpiresAfter16Minutes() {
        downAndRecover();

        harness.advance(Duration.ofMinutes(16).plusMillis(1)).fireAll();

        assertThat(harness.facts(ServiceDown.class)).isEmpty();
    }
}
