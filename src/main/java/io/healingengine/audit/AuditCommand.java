package io.healingengine.audit;

/**
 * One write to the audit store, sent over the event bus to {@link AuditVerticle}, which applies the
 * commands in the order they were sent.
 */
public sealed interface AuditCommand {
    void applyTo(AuditStore store);

    /** Insert or update an incident's row. */
    record SaveIncident(IncidentRecord incident) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.upsertIncident(incident);
        }
    }

    /** Append one step to an incident's decision chain. */
    record AppendStep(DecisionStepRecord step) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.appendStep(step);
        }
    }

    /** An action left for its executor (recorded before dispatch). */
    record ActionStarted(HealingRecord record) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.recordActionStarted(record);
        }
    }

    /** An executor reported; success stays null until the verdict, unless the outcome already decides it. */
    record ActionFinished(String requestId, String outcome, long durationMs, String detail, Boolean success)
            implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.recordActionResult(requestId, outcome, durationMs, detail, success);
        }
    }

    /** The verdict on the action that was being verified. */
    record Verdict(String requestId, boolean success, Long recoveryTimeMs) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.recordVerdict(requestId, success, recoveryTimeMs);
        }
    }

    /** A guard fact entered or changed in the session (an immutable copy of it). */
    record SaveGuardFact(Object fact) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.engineState().save(fact);
        }
    }

    /**
     * Nothing to write: the writer answers it once every command sent before it is applied — the engine waits for
     * that before it answers a request or dispatches an action. With {@code sync}, the store is also forced to the
     * disk if anything was written since the last time (one fsync serves every barrier waiting behind it).
     */
    record Barrier(boolean sync) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            if (sync) {
                store.syncToDisk();
            }
        }
    }

    /**
     * Every write one evaluation decided, in the order decided: the writer applies them in one go, in one group
     * commit, and answers with what failed of them (see {@code AuditQueue}). Sent as one message so that the
     * action's record at its end does not wait for a second group behind the evaluation's steps.
     */
    record Batch(java.util.List<AuditCommand> commands) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            commands.forEach(command -> command.applyTo(store));
        }
    }

    /** A guard fact left the session. */
    record RemoveGuardFact(Object fact) implements AuditCommand {
        @Override
        public void applyTo(AuditStore store) {
            store.engineState().remove(fact);
        }
    }
}
