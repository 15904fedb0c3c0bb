package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.LocalCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's side of the audit writer's queue: every write it decides goes through here, counted in
 * {@link EngineLoad} (the edge stops admitting work while too many wait), and the engine can wait until
 * the writes sent so far are applied — before it answers a request (the 202's promise) or dispatches an
 * action (recorded before it runs).
 *
 * <p>Between {@link #gather()} and {@link #release()} (one evaluation) writes are kept and then sent as one
 * {@link AuditCommand.Batch}: the writer applies an evaluation's steps, state rows and action records in one
 * group with one file write, and an action waits for that one write instead of a second group behind its
 * evaluation's steps. Used on the engine's thread only.
 */
final class AuditQueue {
    /** A write that takes longer than this is reported as failed to whoever waits for it. */
    static final long WRITE_TIMEOUT_MS = 60_000;
    private static final DeliveryOptions WAIT = LocalCodec.withTimeout(WRITE_TIMEOUT_MS);
    private final EventBus bus;
    private final EngineLoad load;
    private final boolean syncToDisk;
    /** The writes of the evaluation under way, with whoever waits for each (null: nobody), or null between them. */
    private List<Gathered> gathered;

    private record Gathered(AuditCommand command, Promise<Void> answer) {
    }

    AuditQueue(EventBus bus, EngineLoad load, boolean syncToDisk) {
        this.bus = bus;
        this.load = load;
        this.syncToDisk = syncToDisk;
    }

    void send(AuditCommand command) {
        load.auditQueued();
        if (gathered != null) {
            gathered.add(new Gathered(command, null));
            return;
        }
        bus.send(Addresses.AUDIT_APPEND, command, LocalCodec.OPTIONS);
    }

    /** Sends {@code command}; the future completes once it is applied, or fails with why it could not be. */
    Future<Void> write(AuditCommand command) {
        load.auditQueued();
        if (gathered != null) {
            Promise<Void> answer = Promise.promise();
            gathered.add(new Gathered(command, answer));
            return answer.future();
        }
        return bus.request(Addresses.AUDIT_APPEND, command, WAIT).mapEmpty();
    }

    /** From now until {@link #release()}, writes are kept to be sent together. */
    void gather() {
        gathered = new ArrayList<>();
    }

    /**
     * Sends the writes kept since {@link #gather()} as one batch; each waiter is answered with its own write's
     * outcome (or the batch's failure, if the group as a whole could not be made durable).
     */
    void release() {
        List<Gathered> batch = gathered;
        gathered = null;
        if (batch == null || batch.isEmpty()) {
            return;
        }
        List<AuditCommand> commands = batch.stream().map(Gathered::command).toList();
        bus.<List<String>>request(Addresses.AUDIT_APPEND, new AuditCommand.Batch(commands), WAIT).onComplete(reply -> {
            for (int i = 0; i < batch.size(); i++) {
                Promise<Void> answer = batch.get(i).answer();
                if (answer == null) {
                    continue;
                }
                if (reply.failed()) {
                    answer.fail(reply.cause());
                } else if (reply.result().body().get(i) != null) {
                    answer.fail(reply.result().body().get(i));
                } else {
                    answer.complete();
                }
            }
        });
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
