package io.healingengine.bus;

import io.vertx.core.eventbus.Message;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much work waits between the HTTP edge and the audit store, and the bounds it may not pass: items (signals,
 * heartbeats, errors, alerts) the edge handed to the engine that the engine has not answered yet (queued, being
 * evaluated, or waiting for their writes — all the while held in memory), and writes the
 * engine decided that the audit store has not applied yet. The edge asks {@link #tryAdmit} before it hands
 * anything over; past a bound it refuses (503 with Retry-After) instead of letting a queue grow without end.
 * Shared by the edge (event loop), the engine and the audit writer (worker threads), hence atomic counters.
 */
public final class EngineLoad {
    /** Delivery header on messages the edge admitted: the engine counts them as done when it answers them. */
    public static final String ADMITTED_HEADER = "x-admitted-items";

    private final long maxQueuedItems;
    private final long maxAuditBacklog;
    private final AtomicLong queuedItems = new AtomicLong();
    private final AtomicLong auditBacklog = new AtomicLong();
    /** A write failed and no barrier has reported it yet. */
    private final AtomicBoolean auditFailureUnreported = new AtomicBoolean();

    public EngineLoad(long maxQueuedItems, long maxAuditBacklog) {
        if (maxQueuedItems < 1 || maxAuditBacklog < 1) {
            throw new IllegalArgumentException("bounds must be >= 1, but were " + maxQueuedItems + " and "
                    + maxAuditBacklog);
        }
        this.maxQueuedItems = maxQueuedItems;
        this.maxAuditBacklog = maxAuditBacklog;
    }

    /**
     * Admits {@code items} into the engine's queue, or refuses them all. A request is always admitted into an
     * empty queue (so one larger than the bound is not refused for ever), never while the audit store lags.
     *
     * @return null when admitted, else why not (for the 503's detail)
     */
    public String tryAdmit(int items) {
        if (auditBacklog.get() >= maxAuditBacklog) {
            return "the audit store has " + auditBacklog.get() + " writes waiting (intake.maxAuditBacklog " + maxAuditBacklog + ")";
        }
        while (true) {
            long queued = queuedItems.get();
            if (queued > 0 && queued + items > maxQueuedItems) {
                return "the engine has " + queued + " items waiting (intake.maxQueuedItems " + maxQueuedItems + ")";
            }
            if (queuedItems.compareAndSet(queued, queued + items)) {
                return null;
            }
        }
    }

    /** The engine answered {@code items} admitted ones (or they never reached it). */
    public void taken(int items) {
        queuedItems.addAndGet(-items);
    }

    /** The engine answered an admitted message: its items (from {@link #ADMITTED_HEADER}) leave the count. */
    public void taken(Message<?> message) {
        String items = message.headers().get(ADMITTED_HEADER);
        if (items != null) {
            taken(Integer.parseInt(items));
        }
    }

    public void auditQueued() {
        auditBacklog.incrementAndGet();
    }

    /** A write (or a barrier) sent to the audit writer was handled: applied, failed or reported. */
    public void auditApplied() {
        auditApplied(1);
    }

    /** {@code writes} writes sent to the audit writer were handled (a batch counts each of its writes). */
    public void auditApplied(int writes) {
        auditBacklog.addAndGet(-writes);
    }

    /** A write failed; set before its {@link #auditApplied()}, so whoever sees the backlog drop sees this too. */
    public void auditFailed() {
        auditFailureUnreported.set(true);
    }

    /** A barrier reported the failed writes to its waiter. */
    public void auditFailuresReported() {
        auditFailureUnreported.set(false);
    }

    /**
     * Every write sent so far is applied and none failed unreported: a barrier now would complete at once
     * with nothing to report. Reads the backlog first: the writer marks a failure before it counts the write
     * as handled.
     */
    public boolean auditSettled() {
        return auditBacklog.get() == 0 && !auditFailureUnreported.get();
    }

    public long queuedItems() {
        return queuedItems.get();
    }

    public long auditBacklog() {
        return auditBacklog.get();
    }
}
