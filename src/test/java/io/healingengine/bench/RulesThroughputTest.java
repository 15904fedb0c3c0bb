package io.healingengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules benchmark's two sides and its command line. */
class RulesThroughputTest {

    @Test
    void shouldFindTheSameMatchesInJavaAsTheRuleSessionWhenBothSeeTheSameSignals() {
        // when: three rounds over the small fleet, one signal in five unhealthy
        RulesThroughput.CrossCheck check = RulesThroughput.crossCheck(SmallVariant.compiled(), SmallVariant.rows(),
                SmallVariant.FLEET, 5, 100);

        // then
        assertThat(check.agree()).isTrue();
        assertThat(check.java()).isEqualTo(check.drools());
        assertThat(check.drools()).anyMatch(match -> match.startsWith(PolicyVariant.ROW_PREFIX))
                .anyMatch(match -> !match.startsWith(PolicyVariant.ROW_PREFIX));
    }

    @Test
    void shouldMatchWhileEveryConditionHoldsAndWithdrawWhenOneRecoversInTheJavaBaseline() {
        // given: a row on two metrics for tier-01 only
        PolicyRows.Row row = new PolicyRows.Row("two-conditions", true, "tier-01", List.of(
                new PolicyRows.Condition("cpu_util", ">", 0.9), new PolicyRows.Condition("memory_util", ">", 0.8)));
        JavaPolicyBaseline baseline = new JavaPolicyBaseline(List.of(row));
        baseline.register("svc-a", "tier-01");
        baseline.register("svc-b", "tier-02");

        // when: one condition holds
        baseline.observe("svc-a", "cpu_util", 0.95);
        baseline.observe("svc-b", "cpu_util", 0.95);

        // then
        assertThat(baseline.matches()).isEmpty();

        // when: both hold
        baseline.observe("svc-a", "memory_util", 0.85);
        baseline.observe("svc-b", "memory_util", 0.85);

        // then: only for the service of the row's tier
        assertThat(baseline.matches()).containsExactly("two-conditions@svc-a");

        // when: one recovers, and a value exactly at the threshold is no match
        baseline.observe("svc-a", "cpu_util", 0.9);

        // then
        assertThat(baseline.matches()).isEmpty();
        assertThat(baseline.matchCount()).isZero();
    }

    @Test
    void shouldTakeTheDefaultsAndTheGivenOptionsWhenParsingTheCommandLine() {
        // when
        RulesThroughput.Options options = RulesThroughput.Options.parse(new String[] {"--rows", "5000",
                "--services", "100", "--relax-guards"});

        // then
        assertThat(options).isEqualTo(new RulesThroughput.Options(5000, 100, 100, 10, 5, 42, 1000, 100, true,
                Path.of("."), null));
        assertThatThrownBy(() -> RulesThroughput.Options.parse(new String[] {"--row", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row");
    }
}
