package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rules/guards/freeze.drl: consecutive failed fixes freeze an area; only a page gets through. */
class FreezeGuardRulesTest {
    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/freeze.drl", "rules/guards/validation.drl");

    @BeforeEach
    void given() {
        harness.insert(new GuardLimits(GuardLimits.DEFAULT_TIER), new ManagedService("svc-a", "standard", false, 10_000));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldFreezeAndEscalateAfterExactlyThreeFailedFixesWithNoFourthAction() {
        // given: an incident with four fixes on its ladder
        Incident incident = incident(List.of("restart", "scale-up", "circuit-break", "fallback"));

        // when: every fix fails
        for (int attempt = 0; attempt < 3; attempt++) {
            harness.fireAll();
            fail(lastDispatched());
        }
        harness.fireAll();
        fail(lastDispatched()); // the page
        harness.fireAll();

        // then: three fixes ran, the fourth was refused by the freeze, and a human was paged
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "scale-up", "circuit-break", "alert-oncall");
        assertThat(harness.single(AreaFreeze.class).getArea()).isEqualTo("svc-a");
        assertThat(harness.single(AreaFreeze.class).getEndsAt()).isEqualTo(harness.single(AreaFreeze.class).getSince()
                + Duration.ofHours(24).toMillis());
        assertThat(harness.sink().steps()).anySatisfy(step -> {
            assertThat(step.event()).isEqualTo("guard_rejected");
            assertThat(step.detail()).startsWith("freeze:").contains("3 consecutive fixes");
        });
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
    }

    @Test
    void shouldNotFreezeAfterTwoFailedFixes() {
        incident(List.of("restart", "scale-up", "circuit-break"));

        for (int attempt = 0; attempt < 2; attempt++) {
            harness.fireAll();
            fail(lastDispatched());
        }
        harness.fireAll();

        assertThat(harness.facts(AreaFreeze.class)).isEmpty();
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "scale-up", "circuit-break");
    }

    @Test
    void shouldEndTheStreakWhenAFixIsVerifiedToHeal() {
        // given: two failed fixes, then one verified success on the same service
        incident(List.of("restart", "scale-up"));
        harness.fireAll();
        fail(lastDispatched());
        harness.fireAll();
        fail(lastDispatched());
        harness.fireAll();
        fail(lastDispatched()); // page → escalated, two failures counted
        harness.fireAll();
        Incident healed = incident(List.of("circuit-break"));
        harness.fireAll();
        succeedAndVerify(healed);

        // when: two more fail
        incident(List.of("fallback", "rollback", "restart"));
        harness.fireAll();
        fail(lastDispatched());
        harness.fireAll();
        fail(lastDispatched());
        harness.fireAll();

        // then: no three in a row, no freeze: the third step still runs
        assertThat(harness.facts(AreaFreeze.class)).isEmpty();
        assertThat(harness.sink().dispatchedActions()).endsWith("fallback", "rollback", "restart");
    }

    @Test
    void shouldLiftTheFreezeAfterItsHours() {
        // given: a frozen area
        incident(List.of("restart", "scale-up", "circuit-break", "fallback"));
        for (int attempt = 0; attempt < 4; attempt++) {
            harness.fireAll();
            fail(lastDispatched());
        }
        harness.fireAll();
        AreaFreeze freeze = harness.single(AreaFreeze.class);

        // when: one ms before and at the end of the freeze
        harness.advance(Duration.ofMillis(freeze.getEndsAt() - 1 - harness.now())).fireAll();
        assertThat(harness.facts(AreaFreeze.class)).hasSize(1);
        harness.advance(Duration.ofMillis(1)).fireAll();

        // then
        assertThat(harness.facts(AreaFreeze.class)).isEmpty();
    }

    @Test
    void shouldLetAPageThroughAFrozenArea() {
        incident(List.of("restart", "scale-up", "circuit-break", "fallback"));
        for (int attempt = 0; attempt < 3; attempt++) {
            harness.fireAll();
            fail(lastDispatched());
        }
        harness.fireAll();

        assertThat(harness.facts(GuardBlock.class)).extracting(GuardBlock::getGuard).containsOnly("freeze");
        assertThat(lastDispatched().getAction()).isEqualTo("alert-oncall");
    }

    private Incident incident(List<String> ladder) {
        Incident incident = new Incident("svc-a", IncidentKind.POLICY, "some-policy", 5, ladder, 30_000, 300, "", null,
                harness.now());
        harness.insert(incident);
        return incident;
    }

    private ActionRequest lastDispatched() {
        List<ActionRequest> dispatched = harness.sink().dispatched();
        return dispatched.get(dispatched.size() - 1);
    }

    private void fail(ActionRequest request) {
        harness.advance(Duration.ofSeconds(1));
        harness.insert(ActionResult.of(request, ActionOutcome.FAILED, "exit 1", 100, harness.now()));
    }

    private void succeedAndVerify(Incident incident) {
        ActionRequest request = lastDispatched();
        harness.advance(Duration.ofSeconds(1));
        harness.insert(ActionResult.of(request, ActionOutcome.SUCCEEDED, "ok", 100, harness.now())).fireAll();
        // verification lives in another file: mark the verdict as recovery.drl would
        harness.insert(new io.healingengine.domain.Verdict(incident, true, harness.now())).fireAll();
    }
}
