package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/guards/budget.drl (block-repeated-action-within-dedup-window) with the ladder, the limits and the
 * ledger: the same action on the same service within the dedup window (seed default 120 min) is refused
 * unless its last run was verified a success; another action, another service or a page is not.
 */
class DedupGuardRulesTest {
    private static final String DEDUP = "block-repeated-action-within-dedup-window";
    private static final String SKIP = "skip-blocked-proposal";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/budget.drl");

    @BeforeEach
    void seedDefaults() {
        harness.insert(new GuardLimits(GuardLimits.DEFAULT_TIER),
                new ManagedService("svc-a", "standard", false, 10_000),
                new ManagedService("svc-b", "standard", false, 10_000));
    }

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private Incident failing(String serviceId, String... ladder) {
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", 5, List.of(ladder), 30_000, 300, "",
                null, harness.now());
        harness.insert(incident).fireAll();
        return incident;
    }

    /** The executor of the incident's current request reports back. */
    private void reported(Incident incident, ActionOutcome outcome) {
        ActionRequest request = harness.facts(ActionRequest.class).stream()
                .filter(r -> r.getId().equals(incident.getCurrentRequestId())).findFirst().orElseThrow();
        harness.insert(ActionResult.of(request, outcome, "ok", 100, harness.now())).fireAll();
    }

    /** svc-a is restarted and the restart reports success; it verifies, no verdict yet. */
    private Incident restartedUnverified() {
        Incident incident = failing("svc-a", "restart", "alert-oncall");
        reported(incident, ActionOutcome.SUCCEEDED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        return incident;
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    @Test
    void shouldRefuseSameActionOnSameServiceWhenLastRunIsNotVerified() {
        restartedUnverified();
        harness.advance(Duration.ofMinutes(10));
        harness.clearFired();

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(blocksOf(again)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("dedup");
            assertThat(block.isDeferred()).isFalse();
            assertThat(block.getAction()).isEqualTo("restart");
            assertThat(block.getReason())
                    .isEqualTo("restart already ran on svc-a 600 s ago and was not verified a success (window 120 min)");
            assertThat(block.getLimit()).isEqualTo(120);
            assertThat(block.getCount()).isEqualTo(1);
        });
        assertThat(harness.firedRules()).containsSubsequence(DEDUP, SKIP);
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
        assertThat(again.getStep()).isEqualTo(1);
        assertThat(harness.sink().events()).containsExactly("action_proposed", "guard_rejected", "action_proposed",
                "action_started");
        assertThat(harness.sink().steps().get(1).detail()).startsWith("dedup: restart already ran on svc-a 600 s ago");
    }

    @Test
    void shouldRefuseSameActionWhenLastRunFailed() {
        Incident first = failing("svc-a", "restart");
        reported(first, ActionOutcome.FAILED);                       // the ledger marks it not a success
        harness.advance(Duration.ofMinutes(10));

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(blocksOf(again)).singleElement().satisfies(block -> assertThat(block.getGuard()).isEqualTo("dedup"));
        assertThat(harness.facts(ActionTaken.class)).filteredOn(t -> t.getAction().equals("restart")).singleElement()
                .satisfies(t -> assertThat(t.getVerifiedSuccess()).isFalse());
    }

    @Test
    void shouldRefuseSameActionWhileItIsStillInFlight() {
        failing("svc-a", "restart");                                 // no result yet
        harness.advance(Duration.ofMinutes(1));

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(blocksOf(again)).singleElement().satisfies(block -> assertThat(block.getGuard()).isEqualTo("dedup"));
    }

    @Test
    void shouldAllowSameActionWhenLastRunWasVerifiedSuccess() {
        Incident first = restartedUnverified();
        harness.advance(Duration.ofMinutes(5));
        harness.insert(new Verdict(first, true, harness.now())).fireAll();
        harness.advance(Duration.ofMinutes(5));
        harness.clearFired();

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(again.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(again)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(DEDUP);
    }

    @Test
    void shouldRefuseSameActionWhenOnlyAnEarlierRunWasVerified() {
        restartedUnverified();
        harness.facts(ActionTaken.class).forEach(taken -> {
            taken.setVerifiedSuccess(true);
            harness.update(taken);
        });
        harness.advance(Duration.ofMinutes(10));
        failing("svc-a", "restart", "alert-oncall");                 // allowed: the last run healed
        harness.advance(Duration.ofMinutes(10));

        Incident third = failing("svc-a", "restart", "scale-up");

        assertThat(blocksOf(third)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("dedup");
            assertThat(block.getReason()).startsWith("restart already ran on svc-a 600 s ago");
        });
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart", "scale-up");
    }

    @Test
    void shouldAllowSameActionOnAnotherService() {
        restartedUnverified();
        harness.advance(Duration.ofMinutes(10));

        Incident other = failing("svc-b", "restart", "scale-up");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart");
        assertThat(other.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(other)).isEmpty();
    }

    @Test
    void shouldNeverRefuseRepeatedPage() {
        failing("svc-a", "alert-oncall");
        harness.advance(Duration.ofMinutes(1));

        Incident again = failing("svc-a", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall", "alert-oncall");
        assertThat(blocksOf(again)).isEmpty();
    }

    @Test
    void shouldStillRefuseWhenLastRunIsNotYetOutOfTheWindow() {
        restartedUnverified();
        harness.advance(Duration.ofMinutes(120).minusMillis(1));

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(blocksOf(again)).singleElement().satisfies(block -> assertThat(block.getGuard()).isEqualTo("dedup"));
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "scale-up");
    }

    @Test
    void shouldAllowSameActionAgainWhenDedupWindowHasPassed() {
        restartedUnverified();
        harness.advance(Duration.ofMinutes(120));

        Incident again = failing("svc-a", "restart", "scale-up");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart");
        assertThat(again.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(again)).isEmpty();
    }
}
