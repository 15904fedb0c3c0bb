package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.healingengine.domain.ActionKind;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.RiskLevel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard-limits decision table ({@code decision-tables/guards/GuardLimits.drl.xlsx}). */
class GuardLimitsTableTest {
    private static final String TABLE = "decision-tables/guards/GuardLimits.drl.xlsx";
    private static final String ROW_PREFIX = "guard-limits-";

    private RuleHarness h;

    @BeforeEach
    void openSession() {
        h = RuleHarness.of(TABLE);
    }

    @AfterEach
    void closeSession() {
        h.close();
    }

    @Test
    void shouldInsertOneGuardLimitsPerRowWhenTheSessionFiresFirst() {
        // when
        h.fireAll();

        // then
        assertThat(h.firedRules()).containsExactlyInAnyOrder("guard-limits-default", "guard-limits-critical",
                "guard-limits-batch");
        assertThat(tiers()).containsExactlyInAnyOrder("default", "critical", "batch");
    }

    @Test
    void shouldInsertNothingBeforeTheFirstFireAll() {
        // then: the rows are rules, not facts inserted by the harness
        assertThat(h.facts(GuardLimits.class)).isEmpty();
        assertThat(h.firedRules()).isEmpty();
    }

    @Test
    void shouldKeepExactlyOneGuardLimitsPerRowWhenFiredAgainAndTheClockAdvances() {
        // given
        h.fireAll();
        List<GuardLimits> first = h.facts(GuardLimits.class);

        // when: more evaluations, minutes and days later (EngineTick changes every time)
        h.fireAll().fireAll();
        h.advance(Duration.ofMinutes(1)).fireAll();
        h.advance(Duration.ofHours(25)).fireAll();
        h.advance(Duration.ofDays(8)).fireAll();

        // then: no row fired again, and the facts are the very same objects
        assertThat(h.firedRules()).hasSize(3).doesNotHaveDuplicates();
        assertThat(tiers()).containsExactlyInAnyOrder("default", "critical", "batch");
        assertThat(h.facts(GuardLimits.class)).containsExactlyInAnyOrderElementsOf(first);
    }

    @Test
    void shouldHandOverOneGuardLimitsNamedAfterItsTierWhenAnyRowFires() {
        // when
        h.fireAll();

        // then: every row (also one added later) inserted its fact, and is named after its tier. A row
        // whose "Approval from risk" cell is empty would fire without inserting anything.
        List<String> rowsFromFacts = tiers().stream().map(tier -> ROW_PREFIX + tier).toList();
        assertThat(h.firedRules()).containsExactlyInAnyOrderElementsOf(rowsFromFacts);
        assertThat(tiers()).doesNotHaveDuplicates().contains(GuardLimits.DEFAULT_TIER);
    }

    @Test
    void shouldHoldTheSeedDefaultsWhenTheDefaultRowIsRead() {
        // when
        h.fireAll();

        // then
        GuardLimits limits = limitsOf(GuardLimits.DEFAULT_TIER);
        assertThat(limits.getActionsPerMinute()).isEqualTo(60);
        assertThat(limits.getActionsPerHour()).isEqualTo(500);
        assertThat(limits.getMaxInFlight()).isEqualTo(2);
        assertThat(limits.getDailyBudget()).isEqualTo(5);
        assertThat(limits.getDedupWindowMinutes()).isEqualTo(120);
        assertThat(limits.getRestartLoopCount()).isEqualTo(3);
        assertThat(limits.getRestartLoopWindowMinutes()).isEqualTo(15);
        assertThat(limits.getFreezeAfterFailures()).isEqualTo(3);
        assertThat(limits.getFreezeHours()).isEqualTo(24);
        assertThat(limits.getAllowedActions()).isEqualTo("any");
        assertThat(limits.getApprovalFromRisk()).isEqualTo(RiskLevel.MEDIUM);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            default  |  5 | 120 | 3 | 15 | 3 | 24 | any                                            | MEDIUM
            critical |  3 | 120 | 2 | 15 | 3 | 24 | restart, circuit-break, fallback, alert-oncall | MEDIUM
            batch    | 10 | 120 | 5 | 30 | 3 | 24 | any                                            | HIGH
            """)
    void shouldCarryTheRowsLimitsWhenTheTiersRowIsRead(String tier, int budget, long dedupMinutes, int loopCount,
                                                       long loopMinutes, int freezeAfter, long freezeHours,
                                                       String allowed, RiskLevel approvalFrom) {
        // when
        h.fireAll();

        // then
        GuardLimits limits = limitsOf(tier);
        assertThat(limits.getDailyBudget()).isEqualTo(budget);
        assertThat(limits.getDedupWindowMinutes()).isEqualTo(dedupMinutes);
        assertThat(limits.getRestartLoopCount()).isEqualTo(loopCount);
        assertThat(limits.getRestartLoopWindowMinutes()).isEqualTo(loopMinutes);
        assertThat(limits.getRestartLoopWindowMs()).isEqualTo(loopMinutes * 60_000L);
        assertThat(limits.getFreezeAfterFailures()).isEqualTo(freezeAfter);
        assertThat(limits.getFreezeHours()).isEqualTo(freezeHours);
        assertThat(limits.getAllowedActions()).isEqualTo(allowed);
        assertThat(limits.getApprovalFromRisk()).isEqualTo(approvalFrom);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            default  | 15 | false
            critical | 15 | false
            batch    | 60 | true
            """)
    void shouldCarryTheApprovalTimeoutAndItsDefaultDecisionPerTier(String tier, long minutes, boolean approve) {
        h.fireAll();

        GuardLimits limits = limitsOf(tier);
        assertThat(limits.getApprovalTimeoutMinutes()).isEqualTo(minutes);
        assertThat(limits.isApproveOnTimeout()).isEqualTo(approve);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"critical", "batch"})
    void shouldKeepTheBuiltInEngineWideLimitsWhenATiersEngineWideCellsAreEmpty(String tier) {
        // given
        GuardLimits builtIn = new GuardLimits(tier);

        // when
        h.fireAll();

        // then: the empty cells dropped their lines, and the row still fired and inserted its fact
        GuardLimits limits = limitsOf(tier);
        assertThat(limits.getActionsPerMinute()).isEqualTo(builtIn.getActionsPerMinute());
        assertThat(limits.getActionsPerHour()).isEqualTo(builtIn.getActionsPerHour());
        assertThat(limits.getMaxInFlight()).isEqualTo(builtIn.getMaxInFlight());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scale-up", "rollback"})
    void shouldForbidStateChangingActionsWhenTheTierIsCritical(String action) {
        // when
        h.fireAll();

        // then
        assertThat(limitsOf("critical").permits(action)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"restart", "circuit-break", "fallback", "alert-oncall"})
    void shouldPermitReversibleActionsAndPagingWhenTheTierIsCritical(String action) {
        // when
        h.fireAll();

        // then
        assertThat(limitsOf("critical").permits(action)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "batch"})
    void shouldPermitEveryActionWhenTheTierAllowsAny(String tier) {
        // when
        h.fireAll();

        // then
        GuardLimits limits = limitsOf(tier);
        assertThat(Arrays.stream(ActionKind.values()).map(ActionKind::id)).allSatisfy(action ->
                assertThat(limits.permits(action)).as("%s permits %s", tier, action).isTrue());
    }

    @Test
    void shouldNameOnlyKnownActionsWhenAnyRowListsAllowedActions() {
        // when
        h.fireAll();

        // then
        assertThat(h.facts(GuardLimits.class)).isNotEmpty().allSatisfy(limits -> {
            if (!"any".equalsIgnoreCase(limits.getAllowedActions())) {
                assertThat(Arrays.stream(limits.getAllowedActions().split(",")).map(String::trim))
                        .isNotEmpty()
                        .allSatisfy(action -> assertThat(ActionKind.fromId(action))
                                .as("allowed action '%s' of tier %s (valid: %s)", action, limits.getTier(),
                                        ActionKind.ladderIds())
                                .isPresent()
                                .get().isNotEqualTo(ActionKind.NOOP));
            }
        });
    }

    @Test
    void shouldParseTheApprovalRiskWhenAnyRowFires() {
        // when: RiskLevel.parse runs in the row's consequence and would throw on a typo
        assertThatCode(h::fireAll).doesNotThrowAnyException();

        // then
        assertThat(h.facts(GuardLimits.class)).isNotEmpty()
                .allSatisfy(limits -> assertThat(limits.getApprovalFromRisk()).as(limits.getTier()).isNotNull());
    }

    private List<String> tiers() {
        return h.facts(GuardLimits.class).stream().map(GuardLimits::getTier).toList();
    }

    private GuardLimits limitsOf(String tier) {
        List<GuardLimits> found = h.facts(GuardLimits.class).stream()
                .filter(limits -> limits.getTier().equals(tier))
                .toList();
        assertThat(found).as("GuardLimits of tier %s", tier).hasSize(1);
        return found.get(0);
    }
}
