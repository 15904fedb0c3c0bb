package io.healingengine.engine;

import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.Incident;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The engine's own decision sink ({@link EngineDecisionSink}, package-private) for the benchmarks in
 * {@code io.healingengine.bench}, so that they pay what the engine pays per decision (a {@link DecisionStep}
 * copied per step) and drain it the same way. Test code only.
 */
public final class BenchEngineSink implements DecisionSink {
    /** What one drain took out of the sink: the steps by event, and the actions to dispatch. */
    public record Drained(List<String> events, List<ActionRequest> dispatches) {
    }

    private final EngineDecisionSink sink = new EngineDecisionSink();

    /** As {@code RuleEngineVerticle.start} binds it: the firing rule and the session clock. */
    public void bind(Supplier<String> currentRule, LongSupplier clock, String rulesVersion) {
        sink.bind(currentRule, clock);
        sink.rulesVersion(rulesVersion);
    }

    @Override
    public void dispatch(ActionRequest request) {
        sink.dispatch(request);
    }

    @Override
    public void step(Incident incident, String event, String detail) {
        sink.step(incident, event, detail);
    }

    /** As {@code RuleEngineVerticle.evaluate} does after every evaluation. */
    public Drained drain() {
        List<DecisionStep> steps = sink.drainSteps();
        return new Drained(steps.stream().map(DecisionStep::event).toList(), sink.drainDispatches());
    }
}
