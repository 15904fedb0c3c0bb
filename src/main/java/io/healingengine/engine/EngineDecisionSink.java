package io.healingengine.engine;

import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.Incident;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Collects what rule consequences decide during one evaluation; the engine drains it afterwards and
 * does the I/O. Used only on the engine verticle's thread.
 */
final class EngineDecisionSink implements DecisionSink {
    private final List<ActionRequest> dispatches = new ArrayList<>();
    private final List<DecisionStep> steps = new ArrayList<>();
    private Supplier<String> currentRule = () -> null;
    private LongSupplier clock = () -> 0L;
    private String rulesVersion;

    void bind(Supplier<String> currentRule, LongSupplier clock) {
        this.currentRule = currentRule;
        this.clock = clock;
    }

    /** The version (short kjar checksum) that every step from now on is recorded with. */
    void rulesVersion(String version) {
        this.rulesVersion = version;
    }

    @Override
    public void dispatch(ActionRequest request) {
        dispatches.add(request);
    }

    @Override
    public void step(Incident incident, String event, String detail) {
        steps.add(DecisionStep.of(incident, event, currentRule.get(), detail, clock.getAsLong(), rulesVersion));
    }

    List<ActionRequest> drainDispatches() {
        List<ActionRequest> drained = List.copyOf(dispatches);
        dispatches.clear();
        return drained;
    }

    List<DecisionStep> drainSteps() {
        List<DecisionStep> drained = List.copyOf(steps);
        steps.clear();
        return drained;
    }
}
