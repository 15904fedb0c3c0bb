package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The whole shipped rule set — every DRL of rules/ and every table of decision-tables/ — compiles into
 * an executable model exactly as the engine loads it, without a single error or warning. (The kjar/
 * Maven build checks the same files again as a packaged kjar at the end of `mvn verify`.)
 */
class KjarBuildTest {
    @Test
    void shouldCompileEveryShippedRuleFileWithoutErrorsOrWarnings() {
        // when
        CompiledRules rules = RuleCompiler.compile(RuleSource.fromProjectDirectory(RuleHarness.projectRoot()));

        // then
        assertThat(rules.warnings()).isEmpty();
        assertThat(rules.container().getKieBase().getKiePackages())
                .extracting(pkg -> pkg.getName())
                .contains("healing.liveness", "healing.remediation", "healing.verification", "healing.guards",
                        "healing.policies", "healing.errors");
    }

    @Test
    void shouldNameTheFileAndLineOfABrokenRule() {
        // given: a rule file whose rule is never closed: the parser stops at line 5
        java.util.Map<String, byte[]> broken = java.util.Map.of("broken/oops.drl",
                "package healing.broken;\n\nrule \"oops\"\nwhen Foo( then\nend\n".getBytes());

        // when / then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.of(broken, "test")))
                .isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("broken/oops.drl: line 5").hasMessageContaining("ERR 102");
    }

    @Test
    void shouldNameTheSourceFileUnderRulesWhenAProjectRuleIsBroken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path project)
            throws Exception {
        // given: a project directory laid out like this repository, with one broken rule
        java.nio.file.Path file = project.resolve("rules/broken/oops.drl");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "package healing.broken;\nrule \"oops\"\nwhen\n    NoSuchFact()\nthen\nend\n");

        // when / then: the error names the file as the author knows it
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RuleCompiler.compile(RuleSource.fromProjectDirectory(project)))
                .isInstanceOf(RuleBuildException.class)
                .hasMessageContaining("rules/broken/oops.drl")
                .hasMessageContaining("NoSuchFact");
    }
}
