package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.PolicyMatch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrecompiledRulesTest {

    @Test
    void shouldUseTheKjarPackedAtBuildTimeWhenItMatchesTheShippedRules() {
        // given: the rules shipped with the engine (the build packed their compiled kjar beside them)
        RuleSource shipped = RuleSource.embedded();

        // when
        CompiledRules rules = PrecompiledRules.matching(shipped).orElseThrow();

        // then: same sources, and they decide like freshly compiled ones
        assertThat(rules.checksum()).isEqualTo(shipped.checksum());
        try (RuleSession session = RuleSession.open(rules, true, RuleHarness.START, new RecordingSink(),
                RuleFiringListener.NONE)) {
            session.insert(new ManagedService("svc-a", "standard", false, 10_000));
            session.insert(new MetricState("svc-a", "latency_p99", 900, session.now()));
            session.fireAll();
            assertThat(session.facts(PolicyMatch.class)).extracting(PolicyMatch::getPolicy)
                    .containsExactly("critical-latency-spike");
        }
    }

    @Test
    void shouldNotUseThePrecompiledKjarForOtherSources() {
        RuleSource other = RuleSource.of(Map.of("extra/x.drl", "package healing.extra;\n".getBytes()), "test");

        assertThat(PrecompiledRules.matching(other)).isEmpty();
    }

    @Test
    void shouldLoadCompiledBytesBackWithTheirChecksum() {
        CompiledRules compiled = RuleCompiler.compile(RuleSource.fromFiles(RuleHarness.projectRoot(),
                "rules/liveness/heartbeat.drl"));

        CompiledRules loaded = RuleCompiler.load(compiled.kjar(), "bytes");

        assertThat(loaded.checksum()).isEqualTo(compiled.checksum());
        assertThat(loaded.container().getKieBase().getRule("healing.liveness", "service-down-on-missed-heartbeats"))
                .isNotNull();
    }
}
