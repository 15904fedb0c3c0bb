package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.RemediationProposal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * rules/guards/validation.drl (permission and inventory) with rules/guards/limits.drl and the ladder: a
 * tier runs only the actions its guard-limits row allows, a tier without a row takes the default row,
 * without any row nothing runs (fail closed), and an auto-registered service can only be paged about.
 */
class PermissionGuardRulesTest {
    private static final String PERMISSION = "block-action-not-permitted-for-tier";
    private static final String LIMITS = "block-without-guard-limits";
    private static final String INVENTORY = "block-action-outside-inventory";
    private static final String SKIP = "skip-blocked-proposal";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/validation.drl",
            "rules/guards/limits.drl");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private static GuardLimits row(String tier, String allowedActions) {
        GuardLimits limits = new GuardLimits(tier);
        limits.setAllowedActions(allowedActions);
        return limits;
    }

    private Incident failing(String serviceId, String... ladder) {
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", 5, List.of(ladder), 30_000, 300, "",
                null, harness.now());
        harness.insert(incident).fireAll();
        return incident;
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    @Test
    void shouldRefuseActionWhenTierDoesNotPermitIt() {
        harness.insert(row(GuardLimits.DEFAULT_TIER, "any"), row("critical", "restart, alert-oncall"),
                new ManagedService("svc-a", "critical", false, 10_000));

        Incident incident = failing("svc-a", "scale-up", "alert-oncall");

        assertThat(blocksOf(incident)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("permission");
            assertThat(block.isDeferred()).isFalse();
            assertThat(block.getAction()).isEqualTo("scale-up");
            assertThat(block.getReason()).isEqualTo("tier critical does not permit scale-up (allowed: restart, alert-oncall)");
            assertThat(block.getLimit()).isZero();
            assertThat(block.getCount()).isZero();
        });
        assertThat(harness.firedRules()).containsSubsequence(PERMISSION, SKIP);
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(harness.sink().steps()).filteredOn(s -> s.event().equals("guard_rejected")).singleElement()
                .satisfies(s -> assertThat(s.detail())
                        .isEqualTo("permission: tier critical does not permit scale-up (allowed: restart, alert-oncall)"));
    }

    @Test
    void shouldDispatchActionWhenTierPermitsIt() {
        harness.insert(row(GuardLimits.DEFAULT_TIER, "any"), row("critical", "restart, alert-oncall"),
                new ManagedService("svc-a", "critical", false, 10_000));

        Incident incident = failing("svc-a", "restart", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(PERMISSION);
    }

    @Test
    void shouldApplyDefaultRowWhenTierHasNoRowOfItsOwn() {
        harness.insert(row(GuardLimits.DEFAULT_TIER, "restart, alert-oncall"), row("critical", "any"),
                new ManagedService("svc-a", "gold", false, 10_000));

        Incident incident = failing("svc-a", "scale-up", "alert-oncall");

        assertThat(harness.firedRules()).contains("attach-default-guard-limits");
        assertThat(blocksOf(incident)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("permission");
            assertThat(block.getReason()).isEqualTo("tier default does not permit scale-up (allowed: restart, alert-oncall)");
        });
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldPreferTierRowOverDefaultRowWhenTierHasOne() {
        harness.insert(row(GuardLimits.DEFAULT_TIER, "restart, alert-oncall"), row("critical", "any"),
                new ManagedService("svc-a", "critical", false, 10_000));

        Incident incident = failing("svc-a", "scale-up", "alert-oncall");

        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
        assertThat(blocksOf(incident)).isEmpty();
    }

    @Test
    void shouldRefuseEveryProposalWhenThereAreNoGuardLimits() {
        harness.insert(new ManagedService("svc-a", "standard", false, 10_000));

        Incident incident = failing("svc-a", "restart", "scale-up");

        assertThat(harness.sink().dispatched()).isEmpty();
        assertThat(blocksOf(incident)).extracting(GuardBlock::getAction)
                .containsExactlyInAnyOrder("restart", "scale-up", "alert-oncall");
        assertThat(blocksOf(incident)).allSatisfy(block -> {
            assertThat(block.getGuard()).isEqualTo("limits");
            assertThat(block.isDeferred()).isFalse();
            assertThat(block.getReason()).isEqualTo("no guard limits for tier 'standard' and no default row");
            assertThat(block.getLimit()).isZero();
            assertThat(block.getCount()).isZero();
        });
        assertThat(harness.firedRules()).filteredOn(LIMITS::equals).hasSize(3);
        assertThat(harness.sink().events()).filteredOn("guard_rejected"::equals).hasSize(3);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
    }

    @Test
    void shouldRefuseEveryProposalWhenOnlyOtherTiersHaveRows() {
        harness.insert(row("critical", "any"), new ManagedService("svc-a", "standard", false, 10_000));

        Incident incident = failing("svc-a", "restart");

        assertThat(harness.sink().dispatched()).isEmpty();
        assertThat(blocksOf(incident)).isNotEmpty().allSatisfy(block -> assertThat(block.getGuard()).isEqualTo("limits"));
    }

    @Test
    void shouldOnlyPageWhenServiceIsAutoRegistered() {
        harness.insert(row(GuardLimits.DEFAULT_TIER, "any"), new ManagedService("svc-x", "standard", true, 10_000));

        Incident incident = failing("svc-x", "restart", "alert-oncall");

        assertThat(blocksOf(incident)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("validation");
            assertThat(block.getAction()).isEqualTo("restart");
            assertThat(block.getReason())
                    .isEqualTo("service 'svc-x' is not in the inventory (auto-registered); only a page is possible");
        });
        assertThat(harness.firedRules()).containsSubsequence(INVENTORY, SKIP);
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldRefuseProposalWhenServiceIsNotManagedAtAll() {
        // A proposal for a service without a ManagedService fact never gets limits attached, so no limit-reading
        // guard looks at it; it must still not leave the session unguarded (guards fail closed, never open).
        harness.insert(row(GuardLimits.DEFAULT_TIER, "alert-oncall"));

        Incident incident = failing("svc-unknown", "rollback");

        assertThat(harness.sink().dispatchedActions()).doesNotContain("rollback");
        assertThat(blocksOf(incident)).isNotEmpty();
    }
}
