package io.healingengine.rules;

import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** A decision sink for rule tests: keeps what the rules dispatched and the steps they recorded. */
public final class RecordingSink implements DecisionSink {
    /** One recorded decision step. */
    public record Step(String incidentId, String event, String rule, String detail) {
    }

    private final List<ActionRequest> dispatched = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private Supplier<String> currentRule = () -> null;

    void bind(Supplier<String> currentRule) {
        this.currentRule = currentRule;
    }

    @Override
    public void dispatch(ActionRequest request) {
        dispatched.add(request);
    }

    @Override
    public void step(Incident incident, String event, String detail) {
        steps.add(new Step(incident.getId(), event, currentRule.get(), detail));
    }

    public List<ActionRequest> dispatched() {
        return List.copyOf(dispatched);
    }

    public List<String> dispatchedActions() {
        return dispatched.stream().map(ActionRequest::getAction).toList();
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<String> events() {
        return steps.stream().map(Step::event).toList();
    }

    public void clear() {
        dispatched.clear();
        steps.clear();
    }
}
