package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.ApprovalRequest;
import io.healingengine.domain.Incident;
import io.healingengine.domain.RemediationProposal;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.FailureStreak;
import io.healingengine.rules.FactChangeListener;
import io.vertx.core.eventbus.EventBus;

/**
 * Keeps what the engine needs across a restart in the database, in step with the session: every change
 * of an incident, proposal, approval or in-flight request (as its State record), and of a ledger entry,
 * cooldown, freeze or failure streak, is sent as an immutable copy to the audit writer, which applies
 * the changes in order. Runs on the engine's thread.
 */
final class EngineStateMirror implements FactChangeListener {
    private final EventBus bus;

    EngineStateMirror(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public void inserted(Object fact) {
        save(fact);
    }

    @Override
    public void updated(Object fact) {
        save(fact);
    }

    @Override
    public void deleted(Object fact) {
        Object copy = copyOf(fact);
        if (copy != null) {
            bus.send(Addresses.AUDIT_APPEND, new AuditCommand.RemoveGuardFact(copy), LocalCodec.OPTIONS);
        }
    }

    private void save(Object fact) {
        Object copy = copyOf(fact);
        if (copy != null) {
            bus.send(Addresses.AUDIT_APPEND, new AuditCommand.SaveGuardFact(copy), LocalCodec.OPTIONS);
        }
    }

    /** A copy the audit thread may read while the rules keep changing the original; null for other facts. */
    static Object copyOf(Object fact) {
        if (fact instanceof Incident i) {
            return i.state();
        }
        if (fact instanceof RemediationProposal p) {
            return p.state();
        }
        if (fact instanceof ApprovalRequest a) {
            return a.state();
        }
        if (fact instanceof ActionRequest r) {
            return r.state();
        }
        if (fact instanceof ActionTaken t) {
            return new ActionTaken(t.getRequestId(), t.getServiceId(), t.getArea(), t.getAction(), t.isIntrusive(),
                    t.getAt(), t.getVerifiedSuccess(), t.isStreakCounted());
        }
        if (fact instanceof FailureStreak s) {
            FailureStreak copy = new FailureStreak(s.getArea());
            copy.setFailures(s.getFailures());
            return copy;
        }
        if (fact instanceof Cooldown || fact instanceof AreaFreeze) {
            return fact;
        }
        return null;
    }
}
