package io.healingengine.ingest.problem;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/** Gives each request an id (also sent back as X-Request-Id) that problems name as their instance. */
public final class RequestIds implements Handler<RoutingContext> {
    public static final String KEY = "requestId";
    private final AtomicLong next = new AtomicLong();
    private final String prefix = Long.toHexString(System.nanoTime() & 0xffffff);

    @Override
    public void handle(RoutingContext ctx) {
        String id = "req-" + prefix + "-" + next.incrementAndGet();
        ctx.put(KEY, id);
        ctx.response().putHeader("X-Request-Id", id);
        ctx.next();
    }
}
