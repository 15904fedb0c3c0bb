package io.healingengine.engine;

import io.healingengine.dispatch.ActionDispatcher;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.metrics.SelfHealMetrics;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an approved action to its executor only once it is recorded: its row in the healing history (keyed
 * by the request id, which is the idempotency key the executor receives) and, written before it, the
 * in-flight row a restarted engine reads back to verify the action instead of running it again. An action
 * whose record cannot be written does not run: it ends FAILED with the reason. Runs on the engine's thread;
 * results come back there through {@code onResult}.
 */
final class ActionLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ActionLauncher.class);
    private final ChainRecorder chain;
    private final ActionDispatcher dispatcher;
    private final SelfHealMetrics metrics;
    private final LongSupplier clock;
    private final Consumer<ActionResult> onResult;

    ActionLauncher(ChainRecorder chain, ActionDispatcher dispatcher, SelfHealMetrics metrics, LongSupplier clock,
                   Consumer<ActionResult> onResult) {
        this.chain = chain;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.clock = clock;
        this.onResult = onResult;
    }

    /** @param timing when the signal that caused it was accepted and its evaluation started, or null */
    void launch(ActionRequest request, SignalTiming timing) {
        long readyNanos = System.nanoTime();
        chain.actionStarted(request).onComplete(recorded -> {
            if (recorded.failed()) {
                LOG.error("self_heal event=action_not_dispatched action={} service={} request={} reason=\"{}\"",
                        request.getAction(), request.getServiceId(), request.getId(),
                        LogText.clean(recorded.cause().getMessage()));
                onResult.accept(ActionResult.of(request, ActionOutcome.FAILED, "not dispatched: its record could not be "
                        + "written (" + recorded.cause().getMessage() + "); nothing ran", 0, clock.getAsLong()));
                return;
            }
            if (timing != null) {
                metrics.signalToDispatch(timing.acceptedNanos(), timing.evaluationNanos(), readyNanos);
            }
            dispatcher.dispatch(request).onSuccess(onResult::accept);
        });
    }
}
