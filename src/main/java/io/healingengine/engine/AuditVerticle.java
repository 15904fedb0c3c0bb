package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.audit.AuditStore;
import io.healingengine.metrics.InvariantBoard;
import io.healingengine.metrics.InvariantViolation.Finding;
import io.healingengine.audit.AuditStoreException;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.EngineLoad;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker verticle that applies {@link AuditCommand}s to the store, one at a time, in arrival order, and
 * answers those sent as requests once they are applied (see {@link AuditQueue}). The store itself is
 * opened and closed by whoever owns the engine's lifetime.
 */
public final class AuditVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditVerticle.class);
    private final AuditStore store;
    private final InvariantBoard invariants;
    private final EngineLoad load;
    private MessageConsumer<AuditCommand> consumer;
    /** Something was written since the last sync to the disk. */
    private boolean unsynced;
    /** Writes that failed since the last barrier, and the last reason: the next barrier fails with them. */
    private int failedSinceBarrier;
    private String lastFailure;

    /**
     * @param invariants where a failed write is reported ({@code audit_write_failed}, until writes succeed again)
     * @param load       the engine's load figures, which count the writes not yet applied
     */
    public AuditVerticle(AuditStore store, InvariantBoard invariants, EngineLoad load) {
        this.store = store;
        this.invariants = invariants;
        this.load = load;
    }

    @Override
    public void start(Promise<Void> started) {
        consumer = vertx.eventBus().consumer(Addresses.AUDIT_APPEND, this::apply);
        consumer.completion().onComplete(started);
    }

    private void apply(Message<AuditCommand> message) {
        AuditCommand command = message.body();
        load.auditApplied();
        try {
            if (command instanceof AuditCommand.Barrier barrier) {
                if (barrier.sync() && unsynced) {
                    command.applyTo(store);
                    unsynced = false;
                }
                if (failedSinceBarrier > 0) {
                    String why = failedSinceBarrier + " audit write(s) failed, the last: " + lastFailure;
                    failedSinceBarrier = 0;
                    message.fail(500, why);
                    return;
                }
            } else {
                command.applyTo(store);
                unsynced = true;
            }
            if (message.replyAddress() != null) {
                message.reply(null);
            }
        } catch (AuditStoreException e) {
            // The decision already happened; losing its record is an operator problem, not a reason to stop healing.
            LOG.error("self_heal event=audit_failed command={} error=\"{}\"", command.getClass().getSimpleName(),
                    e.getMessage(), e);
            invariants.occurred(new Finding("audit_write_failed", "audit-store", command.getClass().getSimpleName()
                    + " failed: " + e.getMessage()));
            failedSinceBarrier++;
            lastFailure = e.getMessage();
            if (message.replyAddress() != null) {
                message.fail(500, command.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        consumer.unregister().onComplete(stopped);
    }
}
