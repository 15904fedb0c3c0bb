package io.healingengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ManagedService;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.rules.RecordingSink;
import io.healingengine.rules.RuleHarness;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.WorkingMemoryIndex;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated policy rows of a {@link PolicyVariant} in a real session (pseudo clock). */
class GeneratedPolicyRowsTest {
    private static final BenchFleet FLEET = SmallVariant.FLEET;

    private RuleSession session;
    private WorkingMemoryIndex memory;

    @BeforeEach
    void openSessionWithHealthyFleet() {
        session = RuleSession.open(SmallVariant.compiled(), true, RuleHarness.START, new RecordingSink(),
                (rule, matched) -> { });
        memory = new WorkingMemoryIndex(session);
        for (int i = 0; i < FLEET.services(); i++) {
            memory.register(new ManagedService(FLEET.service(i), FLEET.tier(i), false, 10_000));
        }
        observeHealthy(0, FLEET.services() * BenchFleet.METRICS.size());
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void shouldMatchNothingWhileEveryValueIsHealthy() {
        // when: twenty more rounds of healthy values
        int round = FLEET.services() * BenchFleet.METRICS.size();
        observeHealthy(round, 20 * round);

        // then
        assertThat(session.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldMatchAServiceOfTheRowsTierOnlyOnceItsConditionIsCrossed() {
        // given: a generated row with one condition, a service of its tier and one of another tier
        int j = firstSingleConditionRow();
        String row = PolicyVariant.rowId(j);
        PolicyRows.Condition condition = SmallVariant.rows().rows().stream().filter(r -> r.id().equals(row))
                .findFirst().orElseThrow().conditions().get(0);
        String ofTier = FLEET.service(j % FLEET.tiers());
        String ofOtherTier = FLEET.service((j + 1) % FLEET.tiers());
        double crossed = condition.threshold() * (condition.operator().startsWith(">") ? 1.01 : 0.99);

        // when: at the threshold itself (a near miss)
        memory.observe(ofTier, condition.metric(), condition.threshold(), null);
        session.fireAll();

        // then
        assertThat(matchesOf(row)).isEmpty();

        // when: across it, for both services
        memory.observe(ofTier, condition.metric(), crossed, null);
        memory.observe(ofOtherTier, condition.metric(), crossed, null);
        session.fireAll();

        // then
        assertThat(matchesOf(row)).extracting(PolicyMatch::getServiceId).containsExactly(ofTier);
        PolicyMatch match = matchesOf(row).get(0);
        assertThat(match.getPriority()).isBetween(1, 9);
        assertThat(match.getActions()).containsExactly("restart");

        // when: healthy again
        memory.observe(ofTier, condition.metric(), BenchFleet.healthy(condition.metric(), 1), null);
        session.fireAll();

        // then
        assertThat(matchesOf(row)).isEmpty();
    }

    private void observeHealthy(long from, long to) {
        BenchSignals order = new BenchSignals(FLEET, 1);
        for (long seq = from; seq < to; seq++) {
            memory.observe(order.service(seq), order.metric(seq), BenchFleet.healthy(order.metric(seq), seq), null);
            if (seq % 100 == 99) {
                session.fireAll();
            }
        }
        session.fireAll();
    }

    private List<PolicyMatch> matchesOf(String policy) {
        return session.facts(PolicyMatch.class).stream().filter(m -> m.getPolicy().equals(policy)).toList();
    }

    private static int firstSingleConditionRow() {
        List<PolicyRows.Row> rows = SmallVariant.rows().rows();
        for (int j = 0; j < SmallVariant.ROWS; j++) {
            String id = PolicyVariant.rowId(j);
            if (rows.stream().anyMatch(r -> r.id().equals(id) && r.conditions().size() == 1)) {
                return j;
            }
        }
        throw new AssertionError("no generated row with a single condition among " + Set.copyOf(rows));
    }
}
