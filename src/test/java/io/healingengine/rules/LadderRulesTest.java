package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.RemediationProposal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rules/remediation/ladder.drl with rules/guards/validation.drl: an incident walks its action ladder,
 * one guarded, dispatched action at a time, until verification or a human takes over.
 */
class LadderRulesTest {
    private static final String PROPOSE = "propose-next-ladder-action";
    private static final String DISPATCH = "dispatch-unblocked-proposal";
    private static final String SKIP = "skip-blocked-proposal";
    private static final String BLOCK = "block-unknown-action-kind";
    private static final String SUCCEEDED = "action-succeeded-starts-verification";
    private static final String FAILED = "action-failed-tries-next-step";
    private static final String PAGED = "page-hands-incident-to-human";
    private static final String CONSUMED = "action-result-consumed";
    private static final String RETIRE = "retire-closed-incident";
    private static final long VALIDATION_MS = 30_000;

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/validation.drl");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private Incident incident(String... ladder) {
        return new Incident("svc-a", IncidentKind.POLICY, "critical-latency-spike", 10, List.of(ladder), VALIDATION_MS,
                300, "latency_p99 below 500 ms within 30 s", "policy:critical-latency-spike", harness.now());
    }

    /** Inserts an OPEN incident and lets the ladder dispatch its first action. */
    private Incident acting(String... ladder) {
        Incident incident = incident(ladder);
        harness.insert(incident).fireAll();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        return incident;
    }

    private ActionRequest lastDispatched() {
        List<ActionRequest> dispatched = harness.sink().dispatched();
        assertThat(dispatched).isNotEmpty();
        return dispatched.get(dispatched.size() - 1);
    }

    /** The executor of the request in flight reports back after {@code after}. */
    private ActionResult report(ActionOutcome outcome, Duration after) {
        ActionRequest request = harness.single(ActionRequest.class);
        harness.advance(after);
        ActionResult result = ActionResult.of(request, outcome, outcome == ActionOutcome.SUCCEEDED ? "ok" : "exit 1",
                500, harness.now());
        harness.insert(result).fireAll();
        return result;
    }

    @Test
    void shouldDispatchFirstLadderActionWhenIncidentIsOpen() {
        Incident incident = incident("restart", "alert-oncall");

        harness.insert(incident).fireAll();

        assertThat(harness.firedRules()).containsExactly(PROPOSE, DISPATCH);
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart");
        ActionRequest request = harness.sink().dispatched().get(0);
        assertThat(request.getIncidentId()).isEqualTo(incident.getId());
        assertThat(request.getServiceId()).isEqualTo("svc-a");
        assertThat(request.getStep()).isZero();
        assertThat(request.getRequestedAt()).isEqualTo(harness.now());
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(incident.getCurrentRequestId()).isEqualTo(request.getId());
        assertThat(incident.getActionStartedAt()).isEqualTo(harness.now());
        assertThat(harness.facts(ActionRequest.class)).containsExactly(request);
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.sink().events()).containsExactly("action_proposed", "action_started");
        assertThat(harness.sink().steps().get(0).detail())
                .isEqualTo("restart (step 1 of 2); prediction: latency_p99 below 500 ms within 30 s");
    }

    @Test
    void shouldNotDispatchAgainWhileActionIsInFlight() {
        acting("restart", "alert-oncall");
        harness.clearFired();

        harness.advance(Duration.ofMinutes(5)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldStartVerificationWindowWhenActionSucceeded() {
        Incident incident = acting("restart", "alert-oncall");
        harness.clearFired();

        report(ActionOutcome.SUCCEEDED, Duration.ofSeconds(2));

        assertThat(harness.firedRules()).containsExactly(SUCCEEDED, CONSUMED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(incident.getVerifyAt()).isEqualTo(harness.now() + VALIDATION_MS);
        assertThat(incident.getStep()).isZero();
        assertThat(harness.sink().dispatched()).isEmpty();
        assertThat(harness.sink().steps()).singleElement().satisfies(step -> {
            assertThat(step.event()).isEqualTo("action_succeeded");
            assertThat(step.detail()).isEqualTo("restart in 500 ms: ok; verifying for 30000 ms");
        });
    }

    @Test
    void shouldRemoveResultAndRequestFromMemoryWhenResultIsConsumed() {
        acting("restart", "alert-oncall");

        report(ActionOutcome.SUCCEEDED, Duration.ofSeconds(2));

        assertThat(harness.facts(ActionResult.class)).isEmpty();
        assertThat(harness.facts(ActionRequest.class)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ActionOutcome.class, names = {"FAILED", "TIMED_OUT", "REJECTED"})
    void shouldDispatchNextStepWhenActionDidNotSucceed(ActionOutcome outcome) {
        Incident incident = acting("restart", "scale-up", "alert-oncall");
        String firstRequestId = incident.getCurrentRequestId();
        harness.clearFired();

        report(outcome, Duration.ofSeconds(5));

        assertThat(harness.firedRules()).containsExactly(FAILED, PROPOSE, DISPATCH, CONSUMED);
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(incident.getCurrentRequestId()).isEqualTo(lastDispatched().getId()).isNotEqualTo(firstRequestId);
        assertThat(incident.getActionStartedAt()).isEqualTo(harness.now());
        assertThat(incident.getLadder()).containsExactly("restart", "scale-up", "alert-oncall");
        assertThat(incident.isEscalating()).isFalse();
        assertThat(harness.facts(ActionRequest.class)).containsExactly(lastDispatched());
        assertThat(harness.facts(ActionResult.class)).isEmpty();
        assertThat(harness.sink().steps().get(0).detail()).startsWith("restart " + outcome + " after 500 ms");
    }

    @Test
    void shouldAppendAlertOncallWhenLadderIsExhaustedWithoutIt() {
        Incident incident = acting("restart");
        harness.clearFired();

        report(ActionOutcome.FAILED, Duration.ofSeconds(5));

        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.isEscalating()).isTrue();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(lastDispatched().getReason()).contains("(ladder exhausted)");
    }

    @Test
    void shouldNotAppendSecondAlertOncallWhenLadderAlreadyEndsWithIt() {
        Incident incident = acting("restart", "alert-oncall");

        report(ActionOutcome.FAILED, Duration.ofSeconds(5));

        assertThat(incident.getLadder()).containsExactly("restart", "alert-oncall");
        assertThat(incident.isEscalating()).isFalse();
        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "alert-oncall");
    }

    @Test
    void shouldEscalateIncidentWhenAppendedAlertOncallHasReported() {
        Incident incident = acting("restart");
        report(ActionOutcome.FAILED, Duration.ofSeconds(5));
        harness.clearFired();

        report(ActionOutcome.SUCCEEDED, Duration.ofSeconds(1));

        assertThat(harness.firedRules()).containsExactly(PAGED, CONSUMED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        assertThat(incident.getClosedAt()).isEqualTo(harness.now());
        assertThat(incident.getVerifyAt()).isZero();
        assertThat(harness.sink().events()).containsExactly("action_succeeded", "incident_escalated");
        assertThat(harness.sink().dispatched()).isEmpty();
        assertThat(harness.facts(ActionRequest.class)).isEmpty();
    }

    @Test
    void shouldEscalateAndSayPageFailedWhenAlertOncallFails() {
        Incident incident = acting("alert-oncall");
        harness.clearFired();

        report(ActionOutcome.FAILED, Duration.ofSeconds(1));

        assertThat(harness.firedRules()).containsExactly(PAGED, CONSUMED);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);
        assertThat(incident.getLadder()).containsExactly("alert-oncall");
        assertThat(harness.sink().events()).containsExactly("action_failed", "incident_escalated");
        assertThat(harness.sink().steps().get(1).detail())
                .isEqualTo("PAGE FAILED (exit 1); a human must look at this incident");
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldBlockUnknownActionKindAndDispatchNextStepWhenLadderHasTypo() {
        Incident incident = incident("rstart", "scale-up");

        harness.insert(incident).fireAll();

        assertThat(harness.firedRules()).containsExactly(PROPOSE, BLOCK, SKIP, PROPOSE, DISPATCH);
        GuardBlock block = harness.single(GuardBlock.class);
        assertThat(block.getGuard()).isEqualTo("validation");
        assertThat(block.getAction()).isEqualTo("rstart");
        assertThat(block.getIncidentId()).isEqualTo(incident.getId());
        assertThat(block.getReason()).startsWith("unknown action kind 'rstart' (known: restart, scale-up");
        assertThat(harness.sink().dispatchedActions()).containsExactly("scale-up");
        assertThat(harness.sink().events()).containsExactly("action_proposed", "guard_rejected", "action_proposed",
                "action_started");
        assertThat(incident.getStep()).isEqualTo(1);
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
    }

    @Test
    void shouldNeverDispatchNoopWhenLadderNamesIt() {
        Incident incident = incident("noop");

        harness.insert(incident).fireAll();

        assertThat(harness.single(GuardBlock.class).getAction()).isEqualTo("noop");
        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(incident.getLadder()).containsExactly("noop", "alert-oncall");
    }

    @Test
    void shouldPageOncallWhenEveryLadderActionIsUnknown() {
        Incident incident = incident("reboot");

        harness.insert(incident).fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(incident.isEscalating()).isTrue();
    }

    @Test
    void shouldPageOncallWhenIncidentHasEmptyLadder() {
        // Regression (fixed): an incident whose ladder is empty (e.g. a policy row whose ladder cell is only ",") never
        // proposes anything and stays OPEN for ever, which also blocks every other incident of the service.
        Incident incident = incident();

        harness.insert(incident).advance(Duration.ofMinutes(1)).fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("alert-oncall");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
    }

    @Test
    void shouldIgnoreResultWhenItIsNotForCurrentRequest() {
        Incident incident = acting("restart", "alert-oncall");
        ActionRequest current = lastDispatched();
        ActionRequest stale = new ActionRequest("stale-request", incident.getId(), "svc-a", "restart", 0, 10, "", "",
                harness.now());
        harness.clearFired();

        harness.insert(ActionResult.of(stale, ActionOutcome.FAILED, "exit 1", 500, harness.now())).fireAll();

        assertThat(harness.firedRules()).containsExactly("action-result-consumed");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(incident.getCurrentRequestId()).isEqualTo(current.getId());
        assertThat(harness.sink().dispatched()).isEmpty();
    }

    @Test
    void shouldDropAResultNoIncidentClaimsAtOnce() {
        acting("restart", "alert-oncall");
        ActionRequest stale = new ActionRequest("stale-request", "other", "svc-a", "restart", 0, 10, "", "",
                harness.now());

        harness.insert(ActionResult.of(stale, ActionOutcome.FAILED, "exit 1", 500, harness.now())).fireAll();

        assertThat(harness.facts(ActionResult.class)).isEmpty();
        assertThat(harness.single(ActionRequest.class).getId()).isNotEqualTo("stale-request");
    }

    @Test
    void shouldKeepClosedIncidentForExactlyTenMinutes() {
        Incident incident = incident("restart");
        incident.escalated(harness.now());
        harness.insert(incident).fireAll();

        harness.advance(Duration.ofMinutes(10)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(harness.facts(Incident.class)).containsExactly(incident);
    }

    @Test
    void shouldRetireClosedIncidentWhenClosedForMoreThanTenMinutes() {
        Incident escalated = incident("restart");
        escalated.escalated(harness.now());
        Incident resolved = new Incident("svc-b", IncidentKind.MANUAL, "manual-heal", 10, List.of("restart"), 45_000,
                0, "", "manual", harness.now());
        resolved.resolve(harness.now());
        harness.insert(escalated, resolved).fireAll();

        harness.advance(Duration.ofMinutes(10).plusMillis(1)).fireAll();

        assertThat(harness.firedRules()).containsExactlyInAnyOrder(RETIRE, RETIRE);
        assertThat(harness.facts(Incident.class)).isEmpty();
    }

    @Test
    void shouldRetireGuardBlocksWithTheirIncident() {
        // Regression (fixed): nothing ever deletes a GuardBlock, so every blocked proposal stays in working memory for
        // ever, long after its incident was retired (memory is meant to stay bounded).
        Incident incident = incident("rstart");
        harness.insert(incident).fireAll();
        report(ActionOutcome.SUCCEEDED, Duration.ofSeconds(1));        // alert-oncall paged: ESCALATED
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.ESCALATED);

        harness.advance(Duration.ofMinutes(10).plusMillis(1)).fireAll();

        assertThat(harness.facts(Incident.class)).isEmpty();
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldNeverRetireIncidentWhileItIsOpen() {
        Incident incident = acting("restart");

        harness.advance(Duration.ofHours(1)).fireAll();

        assertThat(harness.facts(Incident.class)).containsExactly(incident);
    }
}
