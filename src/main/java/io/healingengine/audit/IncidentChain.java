package io.healingengine.audit;

import java.util.List;
import java.util.Objects;

/**
 * An incident with its whole decision chain: the steps in the order they were appended and the
 * healing actions oldest first.
 */
public record IncidentChain(IncidentRecord incident, List<DecisionStepRecord> steps, List<HealingRecord> actions) {

    public IncidentChain {
        Objects.requireNonNull(incident, "incident");
        steps = List.copyOf(steps);
        actions = List.copyOf(actions);
    }
}
