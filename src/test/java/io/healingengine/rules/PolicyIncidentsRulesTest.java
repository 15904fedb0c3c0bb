package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Cooldown;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.PolicyMatch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rules/remediation/policy-incidents.drl: the best matching policy opens the incident; cooldowns stop thrashing. */
class PolicyIncidentsRulesTest {
    private static final String OPEN = "open-incident-on-policy-match";
    private static final String COOLDOWN_EXPIRED = "cooldown-expired";
    private static final long COOLDOWN_MS = 300_000;

    private final RuleHarness harness = RuleHarness.of("rules/remediation/policy-incidents.drl");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private static PolicyMatch match(String serviceId, String policy, int priority, String ladder) {
        PolicyMatch match = new PolicyMatch(serviceId, policy);
        match.setPriority(priority);
        match.setActions(ladder);
        match.setCooldownSeconds(COOLDOWN_MS / 1000);
        match.setValidationSeconds(30);
        match.setPrediction(policy + " no longer matches within 30 s");
        return match;
    }

    private static PolicyMatch critical() {
        return match("svc-a", "critical-latency-spike", 10, "restart, alert-oncall");
    }

    private static PolicyMatch moderate() {
        return match("svc-a", "moderate-latency", 5, "scale-up");
    }

    private List<Incident> openIncidents(String serviceId) {
        return harness.facts(Incident.class).stream()
                .filter(i -> i.isOpen() && i.getServiceId().equals(serviceId)).toList();
    }

    private Incident onlyOpenIncident() {
        List<Incident> open = openIncidents("svc-a");
        assertThat(open).hasSize(1);
        return open.get(0);
    }

    private void resolve(Incident incident) {
        incident.resolve(harness.now());
        harness.update(incident).fireAll();
    }

    @Test
    void shouldOpenOneIncidentForHighestPriorityPolicyWhenSeveralMatch() {
        harness.insert(moderate(), critical(), match("svc-a", "throughput-drop", 4, "restart"));

        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        Incident incident = harness.single(Incident.class);
        assertThat(incident.getServiceId()).isEqualTo("svc-a");
        assertThat(incident.getKind()).isEqualTo(IncidentKind.POLICY);
        assertThat(incident.getTrigger()).isEqualTo("critical-latency-spike");
        assertThat(incident.getPriority()).isEqualTo(10);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.getValidationMs()).isEqualTo(30_000);
        assertThat(incident.getDiagnosis()).isEqualTo("policy:critical-latency-spike");
        assertThat(incident.getOpenedAt()).isEqualTo(harness.now());
        Cooldown cooldown = harness.single(Cooldown.class);
        assertThat(cooldown.getPolicy()).isEqualTo("critical-latency-spike");
        assertThat(cooldown.getServiceId()).isEqualTo("svc-a");
        assertThat(cooldown.getEndsAt()).isEqualTo(harness.now() + COOLDOWN_MS);
        assertThat(harness.sink().events()).containsExactly("incident_opened", "diagnosis");
        assertThat(harness.sink().steps().get(0).detail())
                .isEqualTo("policy critical-latency-spike matched (priority 10, ladder [restart, alert-oncall])");
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldPreferPolicyWhoseNameSortsFirstWhenPrioritiesTie() {
        harness.insert(match("svc-a", "b-policy", 7, "restart"), match("svc-a", "a-policy", 7, "scale-up"));

        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        assertThat(harness.single(Incident.class).getTrigger()).isEqualTo("a-policy");
    }

    @Test
    void shouldKeepPolicyFromReopeningWhenCooldownEndsOneMsLater() {
        harness.insert(critical()).fireAll();
        harness.advance(Duration.ofSeconds(40));
        resolve(onlyOpenIncident());
        harness.clearFired();

        harness.advance(Duration.ofMillis(COOLDOWN_MS - 40_000 - 1)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(openIncidents("svc-a")).isEmpty();
        assertThat(harness.facts(Cooldown.class)).hasSize(1);
    }

    @Test
    void shouldReopenPolicyWhenCooldownExpiresExactlyAtUntil() {
        harness.insert(critical()).fireAll();
        long until = harness.single(Cooldown.class).getEndsAt();
        harness.advance(Duration.ofSeconds(40));
        resolve(onlyOpenIncident());
        harness.clearFired();

        harness.advance(Duration.ofMillis(until - harness.now())).fireAll();

        assertThat(harness.now()).isEqualTo(until);
        assertThat(harness.firedRules()).containsExactly(COOLDOWN_EXPIRED, OPEN);
        assertThat(onlyOpenIncident().getTrigger()).isEqualTo("critical-latency-spike");
        assertThat(harness.single(Cooldown.class).getEndsAt()).isEqualTo(until + COOLDOWN_MS);
    }

    @Test
    void shouldLetNextMatchingPolicyOpenIncidentWhenHigherPriorityPolicyIsCoolingDown() {
        harness.insert(critical(), moderate()).fireAll();
        Incident first = onlyOpenIncident();
        harness.advance(Duration.ofSeconds(40));
        harness.clearFired();

        resolve(first);

        assertThat(harness.firedRules()).containsExactly(OPEN);
        assertThat(onlyOpenIncident().getTrigger()).isEqualTo("moderate-latency");
        assertThat(harness.facts(Cooldown.class)).extracting(Cooldown::getPolicy)
                .containsExactlyInAnyOrder("critical-latency-spike", "moderate-latency");
    }

    @Test
    void shouldOpenNoIncidentWhenOnlyMatchingPolicyIsCoolingDown() {
        harness.insert(new Cooldown("critical-latency-spike", "svc-a", harness.now() + 1), critical());

        harness.fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).isEmpty();
    }

    @Test
    void shouldNeverOpenSecondIncidentWhenServiceAlreadyHasOpenIncident() {
        harness.insert(moderate()).fireAll();
        Incident first = onlyOpenIncident();
        harness.clearFired();

        harness.advance(Duration.ofSeconds(10));
        harness.insert(critical(), match("svc-a", "high-error-rate", 9, "circuit-break, fallback")).fireAll();
        harness.advance(Duration.ofMinutes(10)).fireAll();     // moderate's cooldown is long over

        assertThat(harness.firedRules()).containsExactly(COOLDOWN_EXPIRED);
        assertThat(openIncidents("svc-a")).containsExactly(first);
    }

    @Test
    void shouldOpenIncidentWhenEarlierIncidentOfServiceIsEscalated() {
        harness.insert(critical(), moderate()).fireAll();
        Incident first = onlyOpenIncident();
        harness.advance(Duration.ofSeconds(20));
        harness.clearFired();

        first.escalated(harness.now());
        harness.update(first).fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN);
        assertThat(onlyOpenIncident().getTrigger()).isEqualTo("moderate-latency");
    }

    @Test
    void shouldKeepServicesApartWhenPoliciesMatchSeveralServices() {
        harness.insert(critical(), match("svc-b", "critical-latency-spike", 10, "restart, alert-oncall"));

        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(OPEN, OPEN);
        assertThat(openIncidents("svc-a")).hasSize(1);
        assertThat(openIncidents("svc-b")).hasSize(1);
        assertThat(harness.facts(Cooldown.class)).extracting(Cooldown::getServiceId)
                .containsExactlyInAnyOrder("svc-a", "svc-b");
    }
}
