package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.Alert;
import io.healingengine.domain.ApprovalRequest;
import io.healingengine.domain.Incident;
import io.healingengine.domain.RemediationProposal;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.FailureStreak;
import io.healingengine.rules.FactChangeListener;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps what the engine needs across a restart in the database, in step with the session: every change
 * of an incident, proposal, approval, in-flight request or Prometheus alert (as its State record), and of a
 * ledger entry,
 * cooldown, freeze or failure streak, is sent as an immutable copy to the audit writer, which applies
 * the changes in order. Changes are gathered during an evaluation and each fact's final state is written
 * once when the engine flushes after it. Runs on the engine's thread.
 */
final class EngineStateMirror implements FactChangeListener {
    private final AuditQueue audit;
    /** The last change of each kept fact since the last flush: a fact changed three times is written once. */
    private final Map<String, AuditCommand> pending = new LinkedHashMap<>();

    EngineStateMirror(AuditQueue audit) {
        this.audit = audit;
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
            pending.put(keyOf(fact), new AuditCommand.RemoveGuardFact(copy));
        }
    }

    private void save(Object fact) {
        Object copy = copyOf(fact);
        if (copy != null) {
            pending.put(keyOf(fact), new AuditCommand.SaveGuardFact(copy));
        }
    }

    /** Sends the final state of every fact changed since the last flush to the audit writer. */
    void flush() {
        pending.values().forEach(audit::send);
        pending.clear();
    }

    /** The identity of a kept fact: its type and the key of its row. */
    private static String keyOf(Object fact) {
        String id;
        if (fact instanceof Incident i) {
            id = i.getId();
        } else if (fact instanceof RemediationProposal p) {
            id = p.getId();
        } else if (fact instanceof ApprovalRequest a) {
            id = a.getId();
        } else if (fact instanceof ActionRequest r) {
            id = r.getId();
        } else if (fact instanceof ActionTaken t) {
            id = t.getRequestId();
        } else if (fact instanceof FailureStreak f) {
            id = f.getArea();
        } else if (fact instanceof AreaFreeze f) {
            id = f.getArea();
        } else if (fact instanceof Alert a) {
            id = a.getFingerprint();
        } else {
            Cooldown c = (Cooldown) fact;
            id = c.getPolicy() + "|" + c.getServiceId();
        }
        return fact.getClass().getSimpleName() + ":" + id;
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
        if (fact instanceof Alert a) {
            return a.state();
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
