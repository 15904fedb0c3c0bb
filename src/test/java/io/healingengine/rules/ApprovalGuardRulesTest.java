package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ApprovalDecision;
import io.healingengine.domain.ApprovalRequest;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rules/guards/risk.drl: rollback plans for state changes, and the approval gate for risky actions. */
class ApprovalGuardRulesTest {
    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/validation.drl", "rules/guards/risk.drl");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void shouldRefuseAStateChangeWhenTheInventoryDeclaresNoRollbackForIt() {
        // given: scale-up on a service that declares no way to scale back down
        given(new ManagedService("svc-a", "standard", false, 10_000, true, Set.of()));
        Incident incident = incident(List.of("scale-up"));

        // when
        harness.fireAll();

        // then: refused with the guard's reason, nothing ran, and the incident moves on to a human
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(harness.sink().steps()).anySatisfy(step -> assertThat(step.detail())
                .startsWith("rollback-plan:").contains("rollbacks.scale-up"));
        assertThat(incident.getLadder()).containsExactly("scale-up", "alert-oncall");
    }

    @Test
    void shouldHoldAMediumRiskActionForApprovalWhenTheServiceHasNoCanary() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        Incident incident = incident(List.of("scale-up"));

        harness.fireAll();

        ApprovalRequest approval = harness.single(ApprovalRequest.class);
        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.PENDING);
        assertThat(approval.getAction()).isEqualTo("scale-up");
        assertThat(harness.sink().dispatched()).isEmpty();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(harness.sink().events()).contains("approval_requested");
    }

    @Test
    void shouldNotAskForApprovalWhenTheServiceHasACanary() {
        given(new ManagedService("svc-a", "standard", false, 10_000, true, Set.of("scale-up")));
        incident(List.of("scale-up"));

        harness.fireAll();

        assertThat(harness.facts(ApprovalRequest.class)).isEmpty();
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
    }

    @Test
    void shouldNotAskForApprovalForALowRiskRestart() {
        given(new ManagedService("svc-a", "standard", false, 10_000));
        incident(List.of("restart"));

        harness.fireAll();

        assertThat(harness.facts(ApprovalRequest.class)).isEmpty();
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
    }

    @Test
    void shouldRunTheActionOnceApproved() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));
        harness.fireAll();
        ApprovalRequest approval = harness.single(ApprovalRequest.class);

        harness.insert(new ApprovalDecision(approval.getId(), true, "alice", "capacity is the issue")).fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(approval.getDecidedBy()).isEqualTo("alice");
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldNeverRunADeniedActionAndMoveOnDownTheLadder() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        Incident incident = incident(List.of("scale-up", "restart"));
        harness.fireAll();
        ApprovalRequest approval = harness.single(ApprovalRequest.class);

        harness.insert(new ApprovalDecision(approval.getId(), false, "bob", "not during the sale")).fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.DENIED);
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(harness.sink().events()).contains("approval_denied", "guard_rejected");
    }

    @Test
    void shouldDenyAtTheTimeoutByDefaultAndNotOneMillisecondBefore() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));
        harness.fireAll();
        ApprovalRequest approval = harness.single(ApprovalRequest.class);

        harness.advance(Duration.ofMillis(approval.getExpiresAt() - 1 - harness.now())).fireAll();
        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.PENDING);
        harness.advance(Duration.ofMillis(1)).fireAll();

        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.DENIED);
        assertThat(approval.getDecidedBy()).isEqualTo("timeout");
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
    }

    @Test
    void shouldApproveAtTheTimeoutWhenTheTierSaysSo() {
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setApproveOnTimeout(true);
        harness.insert(limits, new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));
        harness.fireAll();

        harness.advance(Duration.ofMinutes(15)).fireAll();

        assertThat(harness.single(ApprovalRequest.class).getStatus()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
    }

    @Test
    void shouldIgnoreADecisionForAnApprovalThatIsNoLongerPending() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));
        harness.fireAll();
        ApprovalRequest approval = harness.single(ApprovalRequest.class);
        harness.insert(new ApprovalDecision(approval.getId(), true, "alice", "ok")).fireAll();

        harness.insert(new ApprovalDecision(approval.getId(), false, "mallory", "too late")).fireAll();

        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(harness.facts(ApprovalDecision.class)).isEmpty();
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
    }

    private void given(ManagedService service) {
        harness.insert(new GuardLimits(GuardLimits.DEFAULT_TIER), service);
    }

    private Incident incident(List<String> ladder) {
        Incident incident = new Incident("svc-a", IncidentKind.POLICY, "some-policy", 5, ladder, 30_000, 300, "", null,
                harness.now());
        harness.insert(incident);
        return incident;
    }

    @Test
    void shouldNotAskAHumanAboutAnActionAnotherGuardAlreadyRefused() {
        // given: a tier that does not permit scale-up at all
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setAllowedActions("restart, alert-oncall");
        harness.insert(limits, new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));

        // when
        harness.fireAll();

        // then: refused by the permission guard, and nobody is asked to approve it
        assertThat(harness.facts(ApprovalRequest.class)).isEmpty();
        assertThat(harness.sink().events()).doesNotContain("approval_requested").contains("guard_rejected");
    }

    @Test
    void shouldWithdrawAPendingApprovalWhenItsProposalIsGone() {
        given(new ManagedService("svc-a", "standard", false, 10_000, false, Set.of("scale-up")));
        incident(List.of("scale-up"));
        harness.fireAll();
        ApprovalRequest approval = harness.single(ApprovalRequest.class);

        harness.delete(harness.single(io.healingengine.domain.RemediationProposal.class)).fireAll();

        assertThat(approval.getStatus()).isEqualTo(ApprovalRequest.Status.DENIED);
        assertThat(approval.getDecidedBy()).isEqualTo("engine");
    }
}
