package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The healing policies decision table ({@code decision-tables/policies/Policies.drl.xlsx}). */
class PoliciesTableTest {
    private static final String TABLE = "decision-tables/policies/Policies.drl.xlsx";

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
    void shouldMatchCriticalLatencySpikeWhenLatencyIsAbove500Ms() {
        // given
        h.insert(service("svc-a"), metric("svc-a", "latency_p99", 600));

        // when
        h.fireAll();

        // then
        assertThat(h.firedRules()).containsExactly("critical-latency-spike");
        PolicyMatch match = h.single(PolicyMatch.class);
        assertThat(match.getServiceId()).isEqualTo("svc-a");
        assertThat(match.getActions()).containsExactly("restart", "alert-oncall");
        assertThat(match.getPriority()).isEqualTo(10);
        assertThat(match.getCooldownSeconds()).isEqualTo(300);
        assertThat(match.getValidationSeconds()).isEqualTo(30);
        assertThat(match.getPrediction()).isEqualTo("latency_p99 below 500 ms within 30 s");
    }

    @Test
    void shouldMatchOnlyModerateLatencyWhenLatencyIsBetween300And500Ms() {
        // given
        h.insert(service("svc-a"), metric("svc-a", "latency_p99", 400));

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).containsExactly("moderate-latency");
        assertThat(h.single(PolicyMatch.class).getActions()).containsExactly("scale-up");
    }

    @ParameterizedTest(name = "latency_p99 = {0} ms")
    @ValueSource(doubles = {300, 500})
    void shouldMatchNoLatencyPolicyWhenLatencyIsExactlyOnAThreshold(double latency) {
        // given
        h.insert(service("svc-a"), metric("svc-a", "latency_p99", latency));

        // when
        h.fireAll();

        // then
        assertThat(h.firedRules()).isEmpty();
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldMatchHighErrorRateWhenErrorsAreHighUnderTraffic() {
        // given
        h.insert(service("svc-a"), metric("svc-a", "error_rate", 0.2), metric("svc-a", "throughput", 600));

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).containsExactly("high-error-rate");
        assertThat(h.single(PolicyMatch.class).getActions()).containsExactly("circuit-break", "fallback");
    }

    @Test
    void shouldNotMatchHighErrorRateWhenThroughputIsTooLow() {
        // given: errors, but hardly any traffic
        h.insert(service("svc-a"), metric("svc-a", "error_rate", 0.2), metric("svc-a", "throughput", 50));

        // when
        h.fireAll();

        // then: only the low throughput is acted on
        assertThat(matchedPolicies()).containsExactly("throughput-drop");
    }

    @Test
    void shouldMatchThroughputDropWhenThroughputIsBelow500() {
        // given
        h.insert(service("svc-a"), metric("svc-a", "throughput", 200));

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).containsExactly("throughput-drop");
        assertThat(h.single(PolicyMatch.class).getActions()).containsExactly("restart");
    }

    @ParameterizedTest(name = "{0} out-of-memory errors in the last minute -> match {1}")
    @CsvSource({"1, false", "2, true", "5, true"})
    void shouldMatchRepeatedOutOfMemoryFromTheSecondErrorOfThatClassInAMinute(int errors, boolean matches) {
        // given: the engine's count of the service's out-of-memory errors (FailureCounts), and other classes
        h.insert(service("svc-a"), metric("svc-a", "failures:out-of-memory", errors),
                metric("svc-a", "failures:dependency-slow", 9));

        // when
        h.fireAll();

        // then
        if (matches) {
            assertThat(matchedPolicies()).containsExactly("repeated-out-of-memory");
        } else {
            assertThat(matchedPolicies()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} service, last 3 passing probes at least {1} ms -> match {2}")
    @CsvSource({"critical, 801, true", "critical, 800, false", "standard, 5000, false"})
    void shouldMatchSlowLivenessProbeOnlyOnACriticalServiceWhoseLastThreeProbesTookOver800Ms(String tier,
                                                                                            double slowest,
                                                                                            boolean matches) {
        // given: a supervised service whose last three passing liveness probes all took at least this long
        h.insert(new ManagedService("svc-a", tier, false, 10_000), metric("svc-a", "probe:latency-ms-min3", slowest),
                metric("svc-a", "probe:latency-ms", slowest + 50));

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).isEqualTo(matches ? List.of("slow-liveness-probe") : List.of());
    }

    @Test
    void shouldMatchResourceExhaustionWhenCpuAndMemoryAreBothHigh() {
        // given
        h.insert(service("svc-a"), metric("svc-a", "cpu_util", 0.95), metric("svc-a", "memory_util", 0.9));

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).containsExactly("resource-exhaustion");
        PolicyMatch match = h.single(PolicyMatch.class);
        assertThat(match.getActions()).containsExactly("scale-up", "restart");
        assertThat(match.getValidationSeconds()).isEqualTo(60);
    }

    @Test
    void shouldNotMatchResourceExhaustionWhenOnlyCpuIsHigh() {
        // given: memory 0.80 is under the 0.85 threshold
        h.insert(service("svc-a"), metric("svc-a", "cpu_util", 0.95), metric("svc-a", "memory_util", 0.80));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldNotCombineMetricsWhenTheyBelongToDifferentServices() {
        // given: high CPU on svc-a, high memory on svc-b
        h.insert(service("svc-a"), service("svc-b"),
                metric("svc-a", "cpu_util", 0.95), metric("svc-b", "memory_util", 0.9));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldNotMatchWhenTheServiceIsNotManaged() {
        // given: a metric of a service the inventory doesn't know
        h.insert(metric("svc-x", "latency_p99", 600));

        // when
        h.fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldWithdrawTheMatchWhenTheMetricRecovers() {
        // given
        MetricState latency = metric("svc-a", "latency_p99", 600);
        h.insert(service("svc-a"), latency).fireAll();
        assertThat(matchedPolicies()).containsExactly("critical-latency-spike");

        // when
        latency.setValue(120);
        h.update(latency).fireAll();

        // then
        assertThat(h.facts(PolicyMatch.class)).isEmpty();
    }

    @Test
    void shouldReplaceCriticalByModerateLatencyWhenLatencyFallsTo400Ms() {
        // given
        MetricState latency = metric("svc-a", "latency_p99", 600);
        h.insert(service("svc-a"), latency).fireAll();

        // when
        latency.setValue(400);
        h.update(latency).fireAll();

        // then
        assertThat(matchedPolicies()).containsExactly("moderate-latency");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            critical-latency-spike | 10 | 300 | 30 | restart, alert-oncall
            high-error-rate        |  9 | 300 | 30 | circuit-break, fallback
            resource-exhaustion    |  7 | 300 | 60 | scale-up, restart
            moderate-latency       |  5 | 300 | 30 | scale-up
            throughput-drop        |  4 | 300 | 30 | restart
            repeated-out-of-memory |  6 | 600 | 90 | restart, alert-oncall
            slow-liveness-probe    |  3 | 600 | 60 | scale-up, alert-oncall
            """)
    void shouldCarryTheRowsDecisionsWhenThePolicyMatches(String policy, int priority, long cooldown,
                                                         long validation, String ladder) {
        // given
        givenEveryPolicyMatchesSomeService();

        // when
        h.fireAll();

        // then
        Optional<PolicyMatch> match = h.facts(PolicyMatch.class).stream()
                .filter(m -> m.getPolicy().equals(policy))
                .findFirst();
        assertThat(match).isPresent();
        assertThat(match.get().getPriority()).isEqualTo(priority);
        assertThat(match.get().getCooldownSeconds()).isEqualTo(cooldown);
        assertThat(match.get().getValidationSeconds()).isEqualTo(validation);
        assertThat(match.get().getActions()).isEqualTo(PolicyMatch.parseLadder(ladder));
        assertThat(match.get().getPrediction()).isNotBlank();
    }

    @Test
    void shouldNameOnlyKnownActionsWhenAnyPolicyMatches() {
        // given
        givenEveryPolicyMatchesSomeService();

        // when
        h.fireAll();

        // then
        assertThat(matchedPolicies()).containsExactlyInAnyOrder("critical-latency-spike", "high-error-rate",
                "resource-exhaustion", "moderate-latency", "throughput-drop", "repeated-out-of-memory",
                "slow-liveness-probe");
        assertThat(h.facts(PolicyMatch.class)).allSatisfy(match -> assertThat(match.getActions())
                .isNotEmpty()
                .allSatisfy(action -> assertThat(ActionKind.fromId(action))
                        .as("action '%s' of policy %s (valid: %s)", action, match.getPolicy(), ActionKind.ladderIds())
                        .isPresent()
                        .get().isNotEqualTo(ActionKind.NOOP)));
    }

    /** Six services whose metrics, together, trip each of the seven policies at least once. */
    private void givenEveryPolicyMatchesSomeService() {
        h.insert(new ManagedService("svc-f", "critical", false, 10_000), metric("svc-f", "probe:latency-ms-min3", 900));
        h.insert(service("svc-e"), metric("svc-e", "failures:out-of-memory", 2));
        h.insert(service("svc-a"), metric("svc-a", "latency_p99", 600));
        h.insert(service("svc-b"), metric("svc-b", "latency_p99", 400));
        h.insert(service("svc-c"), metric("svc-c", "error_rate", 0.2), metric("svc-c", "throughput", 200));
        h.insert(service("svc-d"), metric("svc-d", "cpu_util", 0.95), metric("svc-d", "memory_util", 0.9));
    }

    private static ManagedService service(String id) {
        return new ManagedService(id, "standard", false, 10_000);
    }

    private MetricState metric(String serviceId, String metric, double value) {
        return new MetricState(serviceId, metric, value, h.now());
    }

    private List<String> matchedPolicies() {
        return h.facts(PolicyMatch.class).stream().map(PolicyMatch::getPolicy).sorted().toList();
    }
}
