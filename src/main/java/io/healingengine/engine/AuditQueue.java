package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.LocalCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * The engine's side of the audit writer's queue: every write it decides goes through here, counted in
 * {@link EngineLoad} (the edge stops admitting work while too many wait), and the engine can wait until
 * the writes sent so far are applied — before it answers a request (the 202's promise) or dispatches an
 * action (recorded before it runs).
 */
final class AuditQueue {
    /** A write that takes longer than this is reported as failed to whoever waits for it. */
    static final long WRITE_TIMEOUT_MS = 60_000;
    private static final DeliveryOptions WAIT = LocalCodec.withTimeout(WRITE_TIMEOUT_MS);
    private final EventBus bus;
    private final EngineLoad load;
    private final boolean syncToDisk;

    AuditQueue(EventBus bus, EngineLoad load, boolean syncToDisk) {
        this.bus = bus;
        this.load = load;
        this.syncToDisk = syncToDisk;
    }

    void send(AuditCommand command) {
        load.auditQueued();
        bus.send(Addresses.AUDIT_APPEND, command, LocalCodec.OPTIONS);
    }

    /** Sends {@code command}; the future completes once it is applied, or fails with why it could not be. */
    Future<Void> write(AuditCommand command) {
        load.auditQueued();
        return bus.request(Addresses.AUDIT_APPEND, command, WAIT).mapEmpty();
    }

    /**
     * Completes once every write sent before is applied (and, with {@code intake.syncToDisk}, forced to the
     * disk); fails when a write since the previous barrier failed (disk full, database gone), with the reason.
     */
    Future<Void> written() {
        if (!syncToDisk && load.auditSettled()) {
            // Nothing sent is still unapplied and no failure waits to be told: the barrier's answer is known.
            // Most signals write nothing, and this saves each of their requests a round trip to the writer.
            return Future.succeededFuture();
        }
        return write(new AuditCommand.Barrier(syncToDisk));
    }
}
