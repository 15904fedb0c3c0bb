package io.healingengine.engine;

import io.healingengine.config.SelfWatchConfig;
import io.healingengine.dispatch.ActionTimeouts;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.RemediationProposal;
import io.healingengine.metrics.InvariantViolation.Finding;
import io.healingengine.rules.RuleSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must always hold in the rule session between two evaluations, checked by the engine verticle
 * (the session's only owner) every {@code selfWatch.intervalMs}:
 * <ul>
 *   <li>{@code action_overdue}: no action request is still in flight a check interval after its result
 *       was due (its timeout plus the dispatcher's reply margin);</li>
 *   <li>{@code incident_without_state}: every incident has a status;</li>
 *   <li>{@code incident_stuck}: an ACTING incident has its action request, a PROPOSED one its proposal,
 *       and a VERIFYING one gets its verdict within a check interval of its window's end;</li>
 *   <li>{@code session_facts_over_bound}: the session holds at most {@code selfWatch.maxSessionFacts}
 *       facts.</li>
 * </ul>
 */
final class SessionInvariants {
    static final String SOURCE = "session";
    private final SelfWatchConfig limits;
    private final ActionTimeouts timeouts;

    SessionInvariants(SelfWatchConfig limits, ActionTimeouts timeouts) {
        this.limits = limits;
        this.timeouts = timeouts;
    }

    List<Finding> check(RuleSession session) {
        long now = session.now();
        List<Finding> found = new ArrayList<>();
        List<ActionRequest> requests = session.facts(ActionRequest.class);
        for (ActionRequest request : requests) {
            long dueMs = timeouts.replyDeadlineMs(request);
            long ageMs = now - request.getRequestedAt();
            if (ageMs > dueMs + limits.intervalMs()) {
                found.add(new Finding("action_overdue", request.getId(), request.getAction() + " on "
                        + request.getServiceId() + " (incident " + request.getIncidentId() + ") in flight for " + ageMs
                        + " ms; its result was due after " + dueMs + " ms"));
            }
        }
        Set<String> requestIds = requests.stream().map(ActionRequest::getId).collect(Collectors.toSet());
        Set<String> proposed = session.facts(RemediationProposal.class).stream()
                .map(RemediationProposal::getIncidentId).collect(Collectors.toSet());
        for (Incident incident : session.facts(Incident.class)) {
            stuck(incident, now, requestIds, proposed, found);
        }
        long facts = session.factCount();
        if (facts > limits.maxSessionFacts()) {
            found.add(new Finding("session_facts_over_bound", "session", facts + " facts in the rule session, more "
                    + "than selfWatch.maxSessionFacts " + limits.maxSessionFacts()));
        }
        return found;
    }

    private void stuck(Incident incident, long now, Set<String> requestIds, Set<String> proposed, List<Finding> found) {
        IncidentStatus status = incident.getStatus();
        String id = incident.getId();
        if (status == null) {
            found.add(new Finding("incident_without_state", id, "incident of " + incident.getServiceId() + " ("
                    + incident.getTrigger() + ") has no status"));
        } else if (status == IncidentStatus.ACTING && !requestIds.contains(incident.getCurrentRequestId())) {
            found.add(new Finding("incident_stuck", id, "ACTING, but its action request "
                    + incident.getCurrentRequestId() + " is gone"));
        } else if (status == IncidentStatus.PROPOSED && !proposed.contains(id)) {
            found.add(new Finding("incident_stuck", id, "PROPOSED, but no proposal of it waits"));
        } else if (status == IncidentStatus.VERIFYING && now - incident.getVerifyAt() > limits.intervalMs()) {
            found.add(new Finding("incident_stuck", id, "VERIFYING, its validation window ended "
                    + (now - incident.getVerifyAt()) + " ms ago without a verdict"));
        }
    }
}
