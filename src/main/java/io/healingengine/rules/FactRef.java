package io.healingengine.rules;

import org.kie.api.runtime.rule.FactHandle;

/** An opaque reference to a fact in a {@link RuleSession}, so that callers never see Drools types. */
public final class FactRef {
    final FactHandle handle;

    FactRef(FactHandle handle) {
        this.handle = handle;
    }
}
