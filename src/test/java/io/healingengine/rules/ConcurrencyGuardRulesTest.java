package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.RemediationProposal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/guards/rate-limit.drl (defer-when-too-many-actions-in-flight) with the ladder, the limits and the
 * ledger: with every in-flight slot taken a proposal waits (a deferred block, never a refusal) until an
 * executor reports back; then the waiting proposal with the highest priority goes first.
 */
class ConcurrencyGuardRulesTest {
    private static final String DEFER = "defer-when-too-many-actions-in-flight";
    private static final String SKIP = "skip-blocked-proposal";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/rate-limit.drl");

    @BeforeEach
    void twoSlotsInFlight() {
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setMaxInFlight(2);
        harness.insert(limits);
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** A managed service fails: an OPEN incident is inserted and the rules run. */
    private Incident failing(String serviceId, int priority, String... ladder) {
        harness.insert(new ManagedService(serviceId, "standard", false, 10_000));
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", priority,
                ladder.length == 0 ? List.of("restart", "alert-oncall") : List.of(ladder), 30_000, 300, "", null,
                harness.now());
        harness.insert(incident).fireAll();
        return incident;
    }

    /** The executor of the incident's current request reports success. */
    private void succeeded(Incident incident) {
        ActionRequest request = harness.facts(ActionRequest.class).stream()
                .filter(r -> r.getId().equals(incident.getCurrentRequestId())).findFirst().orElseThrow();
        harness.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "ok", 100, harness.now())).fireAll();
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    private List<String> eventsOf(Incident incident) {
        return harness.sink().steps().stream().filter(s -> s.incidentId().equals(incident.getId()))
                .map(RecordingSink.Step::event).toList();
    }

    private List<String> dispatchedServices() {
        return harness.sink().dispatched().stream().map(ActionRequest::getServiceId).toList();
    }

    @Test
    void shouldDispatchSecondActionWhenOneIsInFlight() {
        failing("svc-a", 5);

        Incident second = failing("svc-b", 5);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b");
        assertThat(second.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(ActionRequest.class)).hasSize(2);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(DEFER);
    }

    @Test
    void shouldDeferThirdActionWhenTwoAreInFlight() {
        failing("svc-a", 5);
        failing("svc-b", 5);

        Incident third = failing("svc-c", 5);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b");
        assertThat(blocksOf(third)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("concurrency");
            assertThat(block.isDeferred()).isTrue();
            assertThat(block.getReason()).isEqualTo("2 actions in flight (limit 2)");
            assertThat(block.getLimit()).isEqualTo(2);
            assertThat(block.getCount()).isEqualTo(2);
            assertThat(block.getAction()).isEqualTo("restart");
        });
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(third.getStep()).isZero();
        assertThat(harness.facts(RemediationProposal.class)).singleElement()
                .satisfies(p -> assertThat(p.getIncidentId()).isEqualTo(third.getId()));
        assertThat(harness.firedRules()).contains(DEFER).doesNotContain(SKIP);
        assertThat(eventsOf(third)).containsExactly("action_proposed", "guard_deferred");
        assertThat(harness.sink().steps()).filteredOn(s -> s.event().equals("guard_deferred")).singleElement()
                .satisfies(s -> assertThat(s.detail()).startsWith("concurrency: ")
                        .contains("2 actions in flight (limit 2)").endsWith("restart waits"));
    }

    @Test
    void shouldKeepThirdActionWaitingWhileNoResultArrives() {
        failing("svc-a", 5);
        failing("svc-b", 5);
        Incident third = failing("svc-c", 5);

        harness.advance(Duration.ofMinutes(10)).fireAll();

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b");
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(blocksOf(third)).singleElement().satisfies(block -> assertThat(block.isDeferred()).isTrue());
    }

    @Test
    void shouldDispatchWaitingActionWhenAResultFreesASlot() {
        Incident first = failing("svc-a", 5);
        failing("svc-b", 5);
        Incident third = failing("svc-c", 5);
        harness.advance(Duration.ofSeconds(3));

        succeeded(first);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.sink().dispatched().get(2).getRequestedAt()).isEqualTo(harness.now());
        assertThat(harness.facts(ActionRequest.class)).hasSize(2);
        assertThat(blocksOf(third)).isEmpty();
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
        assertThat(eventsOf(third)).containsExactly("action_proposed", "guard_deferred", "action_started");
        assertThat(harness.sink().events()).doesNotContain("guard_rejected");
    }

    @Test
    void shouldDispatchHighestPriorityWaitingActionFirstWhenASlotFrees() {
        Incident first = failing("svc-a", 9);
        failing("svc-b", 8);
        Incident low = failing("svc-c", 3);             // waits longer, but matters less
        harness.advance(Duration.ofSeconds(1));
        Incident high = failing("svc-d", 7);
        harness.advance(Duration.ofSeconds(1));

        succeeded(first);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-d");
        assertThat(high.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(low.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(blocksOf(low)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("concurrency");
            assertThat(block.isDeferred()).isTrue();
        });
    }

    @Test
    void shouldRecordWaitOnlyOnceForActionThatStillWaitsWhenASlotFrees() {
        Incident first = failing("svc-a", 9);
        failing("svc-b", 8);
        Incident low = failing("svc-c", 3);
        Incident high = failing("svc-d", 7);
        harness.advance(Duration.ofSeconds(1));
        harness.clearFired();

        succeeded(first);

        assertThat(high.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(low.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(eventsOf(low)).as("chain of the incident that goes on waiting").isEmpty();
        assertThat(harness.facts(GuardBlock.class)).singleElement()
                .satisfies(block -> assertThat(block.getIncidentId()).isEqualTo(low.getId()));
    }

    @Test
    void shouldDispatchOldestWaitingActionFirstWhenPrioritiesAreEqual() {
        Incident first = failing("svc-a", 5);
        failing("svc-b", 5);
        Incident older = failing("svc-c", 5);
        harness.advance(Duration.ofSeconds(1));
        Incident newer = failing("svc-d", 5);
        harness.advance(Duration.ofSeconds(1));

        succeeded(first);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(older.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(newer.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
    }

    @Test
    void shouldDispatchBothWaitingActionsWhenBothSlotsFree() {
        Incident first = failing("svc-a", 5);
        Incident second = failing("svc-b", 5);
        Incident third = failing("svc-c", 4);
        Incident fourth = failing("svc-d", 6);
        harness.advance(Duration.ofSeconds(1));

        succeeded(first);
        succeeded(second);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-d", "svc-c");
        assertThat(List.of(third, fourth)).allSatisfy(i -> assertThat(i.getStatus()).isEqualTo(IncidentStatus.ACTING));
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldNeverDeferPageWhenAllSlotsAreTaken() {
        failing("svc-a", 5);
        failing("svc-b", 5);

        Incident page = failing("svc-c", 5, "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart", "alert-oncall");
        assertThat(page.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(page)).isEmpty();
        assertThat(eventsOf(page)).doesNotContain("guard_deferred");
    }
}
