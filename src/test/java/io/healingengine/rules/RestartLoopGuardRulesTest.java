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
import io.healingengine.domain.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rules/guards/budget.drl (block-restart-loop) with the ladder, the limits and the ledger: three restarts
 * of one service within 15 minutes (seed default) stop automatic restarts of it, even restarts that
 * healed it each time; the ladder goes on to a human. Each restart here is verified a success, so that
 * the dedup guard lets it repeat and only the restart-loop breaker decides.
 */
class RestartLoopGuardRulesTest {
    private static final String LOOP = "block-restart-loop";
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

    private Incident failing(String serviceId) {
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", 5, List.of("restart", "alert-oncall"),
                30_000, 300, "", null, harness.now());
        harness.insert(incident).fireAll();
        return incident;
    }

    /** The service fails, is restarted, the restart succeeds and verification says it healed. */
    private Incident restartedAndHealed(String serviceId) {
        Incident incident = failing(serviceId);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        ActionRequest request = harness.facts(ActionRequest.class).stream()
                .filter(r -> r.getId().equals(incident.getCurrentRequestId())).findFirst().orElseThrow();
        harness.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "ok", 100, harness.now())).fireAll();
        harness.insert(new Verdict(incident, true, harness.now())).fireAll();
        return incident;
    }

    /** svc-a was restarted (and healed) at 0, 5 and 10 minutes; now is 10 minutes. */
    private void threeRestartsOfSvcA() {
        restartedAndHealed("svc-a");
        harness.advance(Duration.ofMinutes(5));
        restartedAndHealed("svc-a");
        harness.advance(Duration.ofMinutes(5));
        restartedAndHealed("svc-a");
        harness.clearFired();
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    @Test
    void shouldAllowThirdRestartWhenTwoRanWithinFifteenMinutes() {
        restartedAndHealed("svc-a");
        harness.advance(Duration.ofMinutes(5));
        restartedAndHealed("svc-a");
        harness.advance(Duration.ofMinutes(5));

        Incident third = failing("svc-a");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart", "restart");
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(LOOP);
    }

    @Test
    void shouldRefuseFourthRestartWhenThreeRanWithinFifteenMinutes() {
        threeRestartsOfSvcA();
        harness.advance(Duration.ofMinutes(5).minusMillis(1));       // the first restart is 14:59.999 old

        Incident fourth = failing("svc-a");

        assertThat(blocksOf(fourth)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("restart-loop");
            assertThat(block.isDeferred()).isFalse();
            assertThat(block.getAction()).isEqualTo("restart");
            assertThat(block.getReason())
                    .isEqualTo("3 restarts of svc-a in the last 15 min (limit 3); automatic restarts stopped");
            assertThat(block.getLimit()).isEqualTo(3);
            assertThat(block.getCount()).isEqualTo(3);
        });
        assertThat(harness.firedRules()).containsSubsequence(LOOP, SKIP);
        assertThat(harness.sink().steps()).filteredOn(s -> s.event().equals("guard_rejected")).singleElement()
                .satisfies(s -> assertThat(s.detail()).isEqualTo(
                        "restart-loop: 3 restarts of svc-a in the last 15 min (limit 3); automatic restarts stopped"));
    }

    @Test
    void shouldPageOncallWhenRestartLoopRefusesRestart() {
        threeRestartsOfSvcA();
        harness.advance(Duration.ofMinutes(1));

        Incident fourth = failing("svc-a");

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(fourth.getStep()).isEqualTo(1);
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.ACTING);
    }

    @Test
    void shouldAllowRestartAgainWhenFirstRestartIsFifteenMinutesOld() {
        threeRestartsOfSvcA();
        harness.advance(Duration.ofMinutes(5));                      // the first restart is 15 min old

        Incident fourth = failing("svc-a");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(fourth)).isEmpty();
    }

    @Test
    void shouldAllowRestartOfAnotherServiceWhenOneIsInARestartLoop() {
        threeRestartsOfSvcA();
        harness.advance(Duration.ofMinutes(1));

        Incident other = failing("svc-b");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(other.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(other)).isEmpty();
    }

    @Test
    void shouldApplyTierRestartLoopLimitWhenTierHasItsOwnRow() {
        GuardLimits critical = new GuardLimits("critical");
        critical.setRestartLoopCount(1);
        critical.setRestartLoopWindowMinutes(60);
        harness.insert(critical, new ManagedService("svc-c", "critical", false, 10_000));
        restartedAndHealed("svc-c");
        harness.advance(Duration.ofMinutes(30));

        Incident second = failing("svc-c");

        assertThat(blocksOf(second)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("restart-loop");
            assertThat(block.getReason())
                    .isEqualTo("1 restarts of svc-c in the last 60 min (limit 1); automatic restarts stopped");
            assertThat(block.getLimit()).isEqualTo(1);
            assertThat(block.getCount()).isEqualTo(1);
        });
    }
}
