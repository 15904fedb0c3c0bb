package io.healingengine.rules;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

/**
 * Knows which rule is firing right now (so that the decision sink can attach it to a decision step)
 * and reports every firing to a {@link RuleFiringListener}.
 */
final class FiredRuleRecorder extends DefaultAgendaEventListener {
    private final RuleFiringListener listener;
    private String currentRule;

    FiredRuleRecorder(RuleFiringListener listener) {
        this.listener = listener;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        currentRule = event.getMatch().getRule().getName();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        currentRule = null;
        listener.ruleFired(event.getMatch().getRule().getName(), event.getMatch().getObjects());
    }

    String currentRule() {
        return currentRule;
    }
}
