package io.healingengine.rules;

import org.kie.api.runtime.rule.FactHandle;

/**
 * An opaque reference to a fact in a {@link RuleSession}, so that callers never see Drools types. It
 * stays valid when the session moves to another version of the rules (its handle is looked up again).
 */
public final class FactRef {
    final Object fact;
    FactHandle handle;
    int generation;

    FactRef(Object fact, FactHandle handle, int generation) {
        this.fact = fact;
        this.handle = handle;
        this.generation = generation;
    }
}
