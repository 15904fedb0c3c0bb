package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.ManagedService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Areas: services of one group share their daily budget (and freezes); other services do not. */
class AreaGuardRulesTest {
    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/budget.drl");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldShareTheDailyBudgetBetweenTheServicesOfOneGroup() {
        // given: a budget of 2 a day, two services of group "payments" and one on its own
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setDailyBudget(2);
        limits.setMaxInFlight(10);
        harness.insert(limits,
                new ManagedService("card-api", "standard", false, 10_000, false, Set.of(), "payments"),
                new ManagedService("ledger", "standard", false, 10_000, false, Set.of(), "payments"),
                new ManagedService("search", "standard", false, 10_000, false, Set.of(), null));

        // when: two restarts in the group, then a third in the group and one outside it
        incident("card-api");
        incident("ledger");
        harness.fireAll();
        incident("ledger");
        incident("search");
        harness.fireAll();

        // then: the group's third is refused by its shared budget; the other service is unaffected
        assertThat(harness.sink().dispatched()).extracting(r -> r.getServiceId() + ":" + r.getAction())
                .contains("card-api:restart", "ledger:restart", "search:restart")
                .filteredOn(a -> a.endsWith(":restart")).hasSize(3);
        assertThat(harness.facts(GuardBlock.class)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("budget");
            assertThat(block.getServiceId()).isEqualTo("ledger");
            assertThat(block.getLimit()).isEqualTo(2);
            assertThat(block.getCount()).isEqualTo(2);
        });
        assertThat(harness.sink().steps()).anySatisfy(step -> assertThat(step.detail())
                .startsWith("budget: 2 intrusive actions in area payments"));
    }

    private void incident(String service) {
        harness.insert(new Incident(service, IncidentKind.POLICY, "p-" + service + harness.sink().dispatched().size(), 5,
                List.of("restart"), 30_000, 300, "", null, harness.now()));
    }
}
