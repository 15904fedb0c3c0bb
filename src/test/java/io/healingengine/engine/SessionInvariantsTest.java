package io.healingengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.config.ActionsConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.SelfWatchConfig;
import io.healingengine.dispatch.ActionTimeouts;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.RemediationProposal;
import io.healingengine.metrics.InvariantViolation.Finding;
import io.healingengine.rules.RecordingSink;
import io.healingengine.rules.RuleHarness;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.RuleVariants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The invariants the engine checks in its session, on a real session of the shipped rules with a pseudo
 * clock; facts are inserted without evaluating, as a bug would leave them between two evaluations.
 */
class SessionInvariantsTest {
    private static final long CHECK_MS = 1_000;
    private final RuleSession session = RuleSession.open(RuleVariants.shipped(), true, RuleHarness.START,
            new RecordingSink(), (rule, matched) -> { });
    /** scale-up may take 2 s, and the dispatcher waits 500 ms more: its result is due after 2.5 s. */
    private final SessionInvariants invariants = new SessionInvariants(new SelfWatchConfig(CHECK_MS, 100L, null, null,
            null), new ActionTimeouts(new EngineConfig(null, null, null, null, null, null, null,
            new ActionsConfig(Map.of("scale-up", 2_000L), 500L, null), null, null, null, null)));

    @AfterEach
    void close() {
        session.close();
    }

    @Test
    void shouldReportAnActionOverdueOnlyOnceACheckIntervalPassedAfterItsResultWasDue() {
        // given: an ACTING incident with its scale-up request in flight
        Incident incident = incident(IncidentStatus.ACTING);
        ActionRequest request = new ActionRequest(new RemediationProposal(incident, session.now()), session.now());
        incident.setCurrentRequestId(request.getId());
        session.insert(incident);
        session.insert(request);

        // when / then: due after 2.5 s, tolerated one check interval more
        session.advance(Duration.ofMillis(3_500));
        assertThat(invariants.check(session)).isEmpty();
        session.advance(Duration.ofMillis(1));
        assertThat(invariants.check(session)).singleElement().satisfies(finding -> {
            assertThat(finding.invariant()).isEqualTo("action_overdue");
            assertThat(finding.subject()).isEqualTo(request.getId());
            assertThat(finding.detail()).isEqualTo("scale-up on billing (incident " + incident.getId()
                    + ") in flight for 3501 ms; its result was due after 2500 ms");
        });
    }

    @Test
    void shouldReportAnActingIncidentWhoseRequestIsGone() {
        Incident incident = incident(IncidentStatus.ACTING);
        incident.setCurrentRequestId("lost-request");
        session.insert(incident);

        assertThat(invariants.check(session)).containsExactly(new Finding("incident_stuck", incident.getId(),
                "ACTING, but its action request lost-request is gone"));
    }

    @Test
    void shouldReportAProposedIncidentWithoutAProposalAndOneWithoutAStatus() {
        Incident proposed = incident(IncidentStatus.PROPOSED);
        Incident stateless = incident(null);
        session.insert(proposed);
        session.insert(stateless);

        assertThat(invariants.check(session)).extracting(Finding::invariant, Finding::subject).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("incident_stuck", proposed.getId()),
                org.assertj.core.groups.Tuple.tuple("incident_without_state", stateless.getId()));
    }

    @Test
    void shouldReportAVerifyingIncidentWhoseVerdictIsLate() {
        Incident incident = incident(IncidentStatus.VERIFYING);
        incident.setVerifyAt(session.now());
        session.insert(incident);

        session.advance(Duration.ofMillis(CHECK_MS));
        assertThat(invariants.check(session)).isEmpty();
        session.advance(Duration.ofMillis(1));
        assertThat(invariants.check(session)).containsExactly(new Finding("incident_stuck", incident.getId(),
                "VERIFYING, its validation window ended 1001 ms ago without a verdict"));
    }

    @Test
    void shouldReportTheSessionOverItsFactBound() {
        for (int i = 0; i < 100; i++) {
            session.insert(incident(IncidentStatus.RESOLVED));
        }

        assertThat(invariants.check(session)).filteredOn(f -> f.invariant().equals("session_facts_over_bound"))
                .singleElement().extracting(Finding::detail).asString()
                .endsWith("facts in the rule session, more than selfWatch.maxSessionFacts 100");
    }

    private Incident incident(IncidentStatus status) {
        Incident incident = new Incident("billing", IncidentKind.POLICY, "critical-latency-spike", 10,
                List.of("scale-up"), 30_000, 300, "latency below 500", "policy:critical-latency-spike", session.now());
        incident.setStatus(status);
        return incident;
    }
}
