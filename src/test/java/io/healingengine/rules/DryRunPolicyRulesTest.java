package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.PolicyMatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A policy row marked "Dry run" decides and records, and its action requests say they must not run. */
class DryRunPolicyRulesTest {
    private final RuleHarness harness = RuleHarness.of("rules/remediation/policy-incidents.drl",
            "rules/remediation/ladder.drl");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldMarkTheActionOfADryRunPolicyAsDryRun() {
        // given
        PolicyMatch match = new PolicyMatch("svc-a", "trial-policy");
        match.setActions("restart");
        match.setDryRun(true);

        // when
        harness.insert(match).fireAll();

        // then: the decision is made and recorded, flagged so the dispatcher sends it to noop
        ActionRequest request = harness.sink().dispatched().get(0);
        assertThat(request.getAction()).isEqualTo("restart");
        assertThat(request.isDryRun()).isTrue();
    }

    @Test
    void shouldNotMarkTheActionOfAnOrdinaryPolicy() {
        PolicyMatch match = new PolicyMatch("svc-a", "real-policy");
        match.setActions("restart");

        harness.insert(match).fireAll();

        assertThat(harness.sink().dispatched().get(0).isDryRun()).isFalse();
    }
}
