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
 * rules/guards/budget.drl (block-when-daily-budget-spent) with the ladder, the limits and the ledger: a
 * service gets at most dailyBudget intrusive actions in 24 h; the next one is refused with its reason and
 * the incident moves on down its ladder. Pages are neither counted nor refused.
 */
class BudgetGuardRulesTest {
    private static final String BUDGET = "block-when-daily-budget-spent";
    private static final String SKIP = "skip-blocked-proposal";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/budget.drl");
    private final GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);

    @BeforeEach
    void dailyBudgetOfTwo() {
        limits.setDailyBudget(2);
        harness.insert(limits,
                new ManagedService("svc-a", "standard", false, 10_000),
                new ManagedService("svc-b", "standard", false, 10_000));
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** The service fails: an OPEN incident with the given ladder is inserted and the rules run. */
    private Incident failing(String serviceId, String... ladder) {
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", 5, List.of(ladder), 30_000, 300, "",
                null, harness.now());
        harness.insert(incident).fireAll();
        return incident;
    }

    /** The service fails, the action runs and its executor reports success (the incident then verifies). */
    private Incident acted(String serviceId, String action) {
        Incident incident = failing(serviceId, action, "alert-oncall");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        ActionRequest request = harness.single(ActionRequest.class);
        harness.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "ok", 100, harness.now())).fireAll();
        return incident;
    }

    /** svc-a had two intrusive actions: a restart at the start and a scale-up an hour later. */
    private void budgetSpentOnSvcA() {
        acted("svc-a", "restart");
        harness.advance(Duration.ofHours(1));
        acted("svc-a", "scale-up");
        harness.advance(Duration.ofHours(1));
        harness.clearFired();
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    @Test
    void shouldAllowSecondIntrusiveActionWhenOneRanToday() {
        acted("svc-a", "restart");
        harness.advance(Duration.ofHours(1));

        Incident second = failing("svc-a", "scale-up", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "scale-up");
        assertThat(second.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(BUDGET);
    }

    @Test
    void shouldRefuseThirdIntrusiveActionWhenDailyBudgetIsSpent() {
        budgetSpentOnSvcA();

        Incident third = failing("svc-a", "rollback", "alert-oncall");

        assertThat(blocksOf(third)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("budget");
            assertThat(block.isDeferred()).isFalse();
            assertThat(block.getAction()).isEqualTo("rollback");
            assertThat(block.getServiceId()).isEqualTo("svc-a");
            assertThat(block.getReason())
                    .isEqualTo("2 intrusive actions in area svc-a in the last 24 h (daily budget 2 for tier default)");
            assertThat(block.getLimit()).isEqualTo(2);
            assertThat(block.getCount()).isEqualTo(2);
            assertThat(block.getAt()).isEqualTo(harness.now());
        });
        assertThat(harness.firedRules()).containsSubsequence(BUDGET, SKIP);
        assertThat(harness.sink().steps()).filteredOn(s -> s.event().equals("guard_rejected")).singleElement()
                .satisfies(s -> {
                    assertThat(s.incidentId()).isEqualTo(third.getId());
                    assertThat(s.detail()).isEqualTo(
                            "budget: 2 intrusive actions in area svc-a in the last 24 h (daily budget 2 for tier default)");
                });
    }

    @Test
    void shouldMoveIncidentToNextStepWhenDailyBudgetRefusesAction() {
        budgetSpentOnSvcA();

        Incident third = failing("svc-a", "rollback", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(third.getStep()).isEqualTo(1);
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
        assertThat(harness.sink().events()).containsExactly("action_proposed", "guard_rejected", "action_proposed",
                "action_started");
    }

    @Test
    void shouldAllowActionOnAnotherServiceWhenOneServiceSpentItsBudget() {
        budgetSpentOnSvcA();

        Incident other = failing("svc-b", "rollback", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("rollback");
        assertThat(other.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(other)).isEmpty();
    }

    @Test
    void shouldNeverRefusePageWhenDailyBudgetIsSpent() {
        budgetSpentOnSvcA();

        Incident page = failing("svc-a", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(blocksOf(page)).isEmpty();
    }

    @Test
    void shouldNotCountPagesAgainstDailyBudget() {
        acted("svc-a", "restart");
        failing("svc-a", "alert-oncall");
        failing("svc-a", "alert-oncall");
        harness.advance(Duration.ofHours(1));

        Incident second = failing("svc-a", "scale-up", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall", "alert-oncall",
                "scale-up");
        assertThat(second.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldStillRefuseWhenFirstActionIsNotYetADayOld() {
        budgetSpentOnSvcA();                                         // now: 2 h after the first action

        harness.advance(Duration.ofHours(22).minusMillis(1));
        Incident third = failing("svc-a", "rollback", "alert-oncall");

        assertThat(blocksOf(third)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("budget");
            assertThat(block.getCount()).isEqualTo(2);
        });
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldAllowIntrusiveActionAgainWhenFirstActionIsADayOld() {
        budgetSpentOnSvcA();                                         // now: 2 h after the first action

        harness.advance(Duration.ofHours(22));
        Incident third = failing("svc-a", "rollback", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("rollback");
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(third)).isEmpty();
    }

    @Test
    void shouldRefuseThirdIntrusiveActionWhenIncidentPriorityIsAboveTen() {
        // Priorities are documented 1-10, but nothing enforces it; dispatch's salience ($prio - 20) must stay below
        // the guards' whatever a policy row says, or the action leaves before the guards have looked at it.
        budgetSpentOnSvcA();
        Incident urgent = new Incident("svc-a", IncidentKind.POLICY, "p", 25, List.of("rollback", "alert-oncall"),
                30_000, 300, "", null, harness.now());

        harness.insert(urgent).fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(blocksOf(urgent)).singleElement().satisfies(block -> assertThat(block.getGuard()).isEqualTo("budget"));
    }

    @Test
    void shouldApplyTierBudgetWhenTierHasItsOwnRow() {
        GuardLimits critical = new GuardLimits("critical");
        critical.setDailyBudget(1);
        harness.insert(critical, new ManagedService("svc-c", "critical", false, 10_000));
        acted("svc-c", "restart");
        harness.advance(Duration.ofHours(1));

        Incident second = failing("svc-c", "scale-up", "alert-oncall");

        assertThat(blocksOf(second)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("budget");
            assertThat(block.getReason())
                    .isEqualTo("1 intrusive actions in area svc-c in the last 24 h (daily budget 1 for tier critical)");
            assertThat(block.getLimit()).isEqualTo(1);
            assertThat(block.getCount()).isEqualTo(1);
        });
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall");
    }
}
