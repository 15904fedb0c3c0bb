package io.healingengine.dispatch.executors;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.dispatch.ExecutorConsumers;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import java.time.Clock;

/** Serves dry runs: the decision is recorded, nothing is executed. */
public final class NoopExecutorVerticle extends AbstractVerticle {
    private final Clock clock;

    public NoopExecutorVerticle(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void start(Promise<Void> started) {
        ExecutorConsumers.register(vertx.eventBus(), Addresses.action(ActionKind.NOOP.id()), message -> {
            ActionRequest request = message.body();
            message.reply(ActionResult.dryRun(request, clock.millis()), LocalCodec.OPTIONS);
        }).completion().onComplete(started);
    }
}
