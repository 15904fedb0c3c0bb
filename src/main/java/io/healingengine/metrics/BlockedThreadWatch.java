package io.healingengine.metrics;

import io.healingengine.metrics.InvariantViolation.Finding;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts Vert.x's blocked-thread warnings ({@code selfheal_threads_blocked_total{thread=event-loop|worker|other}})
 * and reports each as a {@code thread_blocked} violation. It takes over the warning itself from Vert.x's
 * checker through the checker's handler hook (Vert.x 5 offers it only on {@code VertxInternal}): the log
 * line keeps what Vert.x says — thread, time blocked, limit, and past {@code warningExceptionTime} the
 * thread's stack — in the engine's {@code self_heal} form.
 */
public final class BlockedThreadWatch {
    private static final Logger LOG = LoggerFactory.getLogger(BlockedThreadWatch.class);

    private BlockedThreadWatch() {
    }

    /** From now on, every blocked-thread warning of {@code vertx} is counted, logged and reported. */
    public static void install(Vertx vertx, SelfHealMetrics metrics) {
        ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> onBlocked(event, metrics));
    }

    private static void onBlocked(BlockedThreadEvent event, SelfHealMetrics metrics) {
        String thread = event.thread().getName();
        String kind = kindOf(thread);
        long blockedMs = TimeUnit.NANOSECONDS.toMillis(event.duration());
        long limitMs = TimeUnit.NANOSECONDS.toMillis(event.maxExecTime());
        metrics.threadBlocked(kind);
        metrics.invariants().occurred(new Finding("thread_blocked", thread, kind + " thread blocked for " + blockedMs
                + " ms, limit " + limitMs + " ms"));
        String line = "self_heal event=thread_blocked thread={} kind={} blocked_ms={} limit_ms={}";
        if (event.duration() > event.warningExceptionTime()) {
            VertxException where = new VertxException("Thread blocked");
            where.setStackTrace(event.thread().getStackTrace());
            LOG.warn(line, thread, kind, blockedMs, limitMs, where);
        } else {
            LOG.warn(line, thread, kind, blockedMs, limitMs);
        }
    }

    static String kindOf(String threadName) {
        if (threadName.startsWith("vert.x-eventloop-thread")) {
            return "event-loop";
        }
        if (threadName.startsWith("vert.x-worker-thread")) {
            return "worker";
        }
        return "other";
    }
}
