package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.audit.AuditStore;
import io.healingengine.metrics.InvariantBoard;
import io.healingengine.metrics.InvariantViolation.Finding;
import io.healingengine.audit.AuditStoreException;

import io.healingengine.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker verticle that applies {@link AuditCommand}s to the store, one at a time, in arrival order.
 * The store itself is opened and closed by whoever owns the engine's lifetime.
 */
public final class AuditVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditVerticle.class);
    private final AuditStore store;
    private final InvariantBoard invariants;
    private MessageConsumer<AuditCommand> consumer;

    /** @param invariants where a failed write is reported ({@code audit_write_failed}, until writes succeed again) */
    public AuditVerticle(AuditStore store, InvariantBoard invariants) {
        this.store = store;
        this.invariants = invariants;
    }

    @Override
    public void start(Promise<Void> started) {
        consumer = vertx.eventBus().consumer(Addresses.AUDIT_APPEND, message -> apply(message.body()));
        consumer.completion().onComplete(started);
    }

    private void apply(AuditCommand command) {
        try {
            command.applyTo(store);
        } catch (AuditStoreException e) {
            // The decision already happened; losing its record is an operator problem, not a reason to stop healing.
            LOG.error("self_heal event=audit_failed command={} error=\"{}\"", command.getClass().getSimpleName(),
                    e.getMessage(), e);
            invariants.occurred(new Finding("audit_write_failed", "audit-store", command.getClass().getSimpleName()
                    + " failed: " + e.getMessage()));
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        consumer.unregister().onComplete(stopped);
    }
}
