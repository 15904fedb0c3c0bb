package io.healingengine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.rules.RuleVariants;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PolicyVariant}: the shipped rules plus generated policy rows, for benchmarks. */
class PolicyVariantTest {
    @TempDir
    Path tmp;

    @Test
    void shouldAppendExactlyTheGeneratedRowsBelowTheUntouchedShippedRowsWhenWritingAVariant() {
        // given
        PolicyRows shipped = PolicyRows.of(SmallVariant.repoRoot().resolve(PolicyVariant.POLICIES));

        // when
        PolicyRows variant = SmallVariant.rows();

        // then
        List<String> generated = IntStream.range(0, SmallVariant.ROWS).mapToObj(PolicyVariant::rowId).toList();
        assertThat(variant.ids()).hasSize(shipped.rows().size() + SmallVariant.ROWS)
                .startsWith(shipped.ids().toArray(String[]::new))
                .endsWith(generated.toArray(String[]::new));
        assertThat(variant.rows().subList(0, shipped.rows().size())).isEqualTo(shipped.rows());
    }

    @Test
    void shouldCompileWithOneMoreRulePerGeneratedRowWhenWritingAVariant() {
        // when
        long rules = SmallVariant.compiled().ruleCount();

        // then
        assertThat(rules).isEqualTo(RuleVariants.shipped().ruleCount() + SmallVariant.ROWS);
    }

    @Test
    void shouldSpreadTheGeneratedRowsOverTheTiersWithOneOrTwoUnhealthyConditions() {
        // when
        List<PolicyRows.Row> generated = SmallVariant.rows().rows().stream()
                .filter(row -> row.id().startsWith(PolicyVariant.ROW_PREFIX)).toList();

        // then
        for (int j = 0; j < generated.size(); j++) {
            PolicyRows.Row row = generated.get(j);
            assertThat(row.enabled()).isTrue();
            assertThat(row.tiers()).isEqualTo(BenchFleet.tierName(j % SmallVariant.FLEET.tiers()));
            assertThat(row.conditions()).hasSizeBetween(1, 2);
            for (PolicyRows.Condition condition : row.conditions()) {
                assertThat(healthyValues(condition.metric())).as("%s never holds on a healthy value", condition)
                        .noneMatch(condition::holds);
                assertThat(condition).isIn(unhealthyRange(condition));
            }
        }
        assertThat(priorities(SmallVariant.rows().drl())).hasSize(SmallVariant.ROWS).allMatch(p -> p >= 1 && p <= 9);
        assertThat(SmallVariant.rows().drl()).contains("match.setActions(\"restart\"); insertLogical(match);");
    }

    @Test
    void shouldWriteTheSameWorkbookWhenTheSeedIsTheSame() throws IOException {
        // when
        Path first = PolicyVariant.write(SmallVariant.repoRoot(), tmp.resolve("a"), 10, SmallVariant.FLEET, 3, false);
        Path second = PolicyVariant.write(SmallVariant.repoRoot(), tmp.resolve("b"), 10, SmallVariant.FLEET, 3, false);
        Path otherSeed = PolicyVariant.write(SmallVariant.repoRoot(), tmp.resolve("c"), 10, SmallVariant.FLEET, 4,
                false);

        // then
        assertThat(Files.readAllBytes(first.resolve(PolicyVariant.POLICIES)))
                .isEqualTo(Files.readAllBytes(second.resolve(PolicyVariant.POLICIES)));
        assertThat(PolicyRows.of(otherSeed.resolve(PolicyVariant.POLICIES)).rows())
                .isNotEqualTo(PolicyRows.of(first.resolve(PolicyVariant.POLICIES)).rows());
    }

    @Test
    void shouldOpenUpOnlyTheDefaultGuardLimitsWhenAskedTo() throws IOException {
        // when
        String relaxed = guardDrl(SmallVariant.dir());
        Path plain = PolicyVariant.write(SmallVariant.repoRoot(), tmp, 1, SmallVariant.FLEET, 1, false);

        // then
        String defaultRow = relaxed.substring(relaxed.indexOf("rule \"guard-limits-default\""),
                relaxed.indexOf("rule \"guard-limits-critical\""));
        assertThat(defaultRow).contains("limits.setActionsPerMinute(1000000);", "limits.setActionsPerHour(10000000);",
                "limits.setMaxInFlight(1000000);", "limits.setDailyBudget(1000);", "limits.setDedupWindowMinutes(1);");
        String shipped = guardDrl(SmallVariant.repoRoot());
        assertThat(relaxed.substring(relaxed.indexOf("rule \"guard-limits-critical\"")))
                .isEqualTo(shipped.substring(shipped.indexOf("rule \"guard-limits-critical\"")));
        assertThat(Files.readAllBytes(plain.resolve(PolicyVariant.GUARD_LIMITS)))
                .isEqualTo(Files.readAllBytes(SmallVariant.repoRoot().resolve(PolicyVariant.GUARD_LIMITS)));
    }

    private static String guardDrl(Path project) throws IOException {
        byte[] workbook = Files.readAllBytes(project.resolve(PolicyVariant.GUARD_LIMITS));
        return new SpreadsheetCompiler().compile(new ByteArrayInputStream(workbook), InputType.XLS);
    }

    /** A spread of healthy values of one metric. */
    private static List<Double> healthyValues(String metric) {
        return LongStream.range(0, 2_000).mapToObj(seq -> BenchFleet.healthy(metric, seq)).toList();
    }

    /** {@code condition} if its operator and threshold lie in the range the variant draws from, else nothing. */
    private static List<PolicyRows.Condition> unhealthyRange(PolicyRows.Condition condition) {
        double t = condition.threshold();
        boolean inRange = switch (condition.metric()) {
            case "latency_p99" -> condition.operator().equals(">") && t >= 400 && t <= 3000;
            case "error_rate" -> condition.operator().equals(">") && t >= 0.1 && t <= 0.5;
            case "throughput" -> condition.operator().equals("<") && t >= 10 && t <= 400;
            case "cpu_util", "memory_util" -> condition.operator().equals(">") && t >= 0.7 && t <= 0.99;
            default -> false;
        };
        return inRange ? List.of(condition) : List.of();
    }

    /** The priority each generated rule of {@code drl} sets. */
    private static List<Integer> priorities(String drl) {
        Matcher rule = Pattern.compile("rule \"" + PolicyVariant.ROW_PREFIX + "\\d+\"(?s:.*?)setPriority\\((\\d+)\\)")
                .matcher(drl);
        List<Integer> priorities = new ArrayList<>();
        while (rule.find()) {
            priorities.add(Integer.parseInt(rule.group(1)));
        }
        return priorities;
    }
}
