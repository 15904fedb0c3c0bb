package io.healingengine.engine;

import io.healingengine.audit.AuditCommand;
import io.healingengine.audit.AuditStore;
import io.healingengine.audit.AuditStoreException;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.LocalCodec;
import io.healingengine.metrics.InvariantBoard;
import io.healingengine.metrics.InvariantViolation.Finding;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker verticle that applies {@link AuditCommand}s to the store in arrival order, in groups (whatever
 * arrived while the previous group was written), and answers those sent as requests once their group is
 * applied and durable (see {@link AuditQueue}). The store itself is
 * opened and closed by whoever owns the engine's lifetime.
 */
public final class AuditVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(AuditVerticle.class);
    private final AuditStore store;
    private final InvariantBoard invariants;
    private final EngineLoad load;
    private MessageConsumer<AuditCommand> consumer;
    /** Writes received and not yet applied: the next group. */
    private final List<Message<AuditCommand>> batch = new ArrayList<>();
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
        consumer = vertx.eventBus().consumer(Addresses.AUDIT_APPEND, this::enqueue);
        consumer.completion().onComplete(started);
    }

    /**
     * Group commit: the first write of a batch schedules the batch's turn behind the messages already waiting
     * on this context, so a burst (an evaluation's steps, its state rows, the action's record, the barrier of
     * the answer) is applied in one go and made durable with one file write.
     */
    private void enqueue(Message<AuditCommand> message) {
        batch.add(message);
        if (batch.size() == 1) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        List<Message<AuditCommand>> messages = new ArrayList<>(batch);
        batch.clear();
        List<Answer> answers = new ArrayList<>(messages.size());
        String groupFailure = null;
        try {
            store.inGroup(() -> messages.forEach(message -> answers.add(apply(message))));
        } catch (AuditStoreException e) {
            // The group could not begin (no connection), or its commit or the file write after it failed: none
            // of its writes is surely in the file.
            groupFailure = failed("group commit of " + messages.size() + " writes", e);
        } finally {
            // Answered only now: a write's answer means "in the file", for the whole group at once. A message
            // the group never reached is answered with the group's failure: nobody waits for a lost answer.
            for (int i = 0; i < messages.size(); i++) {
                if (i < answers.size()) {
                    answers.get(i).send(groupFailure);
                } else {
                    new Answer(messages.get(i), null, null).send(groupFailure != null ? groupFailure
                            : "the audit writer failed before applying it");
                }
            }
            messages.forEach(message -> load.auditApplied(writes(message.body())));
        }
    }

    /** How many writes a message carries, as the engine counted them in its backlog. */
    private static int writes(AuditCommand command) {
        return command instanceof AuditCommand.Batch batch ? batch.commands().size() : 1;
    }

    /** Applies one command; what to answer its sender once the group is durable. */
    private Answer apply(Message<AuditCommand> message) {
        AuditCommand command = message.body();
        if (command instanceof AuditCommand.Batch batch) {
            // each write of an evaluation on its own: one failing does not keep the others out
            List<String> failures = new ArrayList<>(batch.commands().size());
            for (AuditCommand write : batch.commands()) {
                failures.add(applyWrite(write));
            }
            return new Answer(message, null, failures);
        }
        if (command instanceof AuditCommand.Barrier barrier) {
            return new Answer(message, passBarrier(barrier), null);
        }
        return new Answer(message, applyWrite(command), null);
    }

    /** Forces the store to the disk if asked and needed; null, or the failures since the last barrier. */
    private String passBarrier(AuditCommand.Barrier barrier) {
        if (barrier.sync() && unsynced) {
            try {
                barrier.applyTo(store);
                unsynced = false;
            } catch (AuditStoreException e) {
                return failed(barrier.getClass().getSimpleName(), e);
            }
        }
        if (failedSinceBarrier == 0) {
            return null;
        }
        String why = failedSinceBarrier + " audit write(s) failed, the last: " + lastFailure;
        failedSinceBarrier = 0;
        load.auditFailuresReported();
        return why;
    }

    /** Applies one write; null if it went in, else why not (logged and counted). */
    private String applyWrite(AuditCommand write) {
        try {
            write.applyTo(store);
            unsynced = true;
            return null;
        } catch (AuditStoreException e) {
            return failed(write.getClass().getSimpleName(), e);
        }
    }

    /** Logs and counts a failed write (the decision already happened: its record is lost, healing goes on). */
    private String failed(String what, AuditStoreException e) {
        LOG.error("self_heal event=audit_failed command={} error=\"{}\"", what, e.getMessage(), e);
        invariants.occurred(new Finding("audit_write_failed", "audit-store", what + " failed: " + e.getMessage()));
        failedSinceBarrier++;
        lastFailure = e.getMessage();
        load.auditFailed();
        return what + " failed: " + e.getMessage();
    }

    /**
     * The answer owed to one message's sender, if it waits for one: success, or the failure's reason; for a batch,
     * the reason of each of its writes that failed (null for those that went in), unless the group failed as a whole.
     */
    private record Answer(Message<AuditCommand> message, String failure, List<String> batchFailures) {
        void send(String groupFailure) {
            if (message.replyAddress() == null) {
                return;
            }
            String why = failure != null ? failure : groupFailure;
            if (why != null) {
                message.fail(500, why);
            } else if (batchFailures != null) {
                message.reply(batchFailures, LocalCodec.OPTIONS);
            } else {
                message.reply(null);
            }
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        consumer.unregister().onComplete(stopped);
    }
}
