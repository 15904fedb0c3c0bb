package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RulesCompileSmokeTest {
    @Test
    void shouldCompileEveryShippedRuleFileWithoutWarnings() {
        CompiledRules rules = RuleCompiler.compile(RuleSource.fromProjectDirectory(RuleHarness.projectRoot()));
        assertThat(rules.warnings()).isEmpty();
    }
}
