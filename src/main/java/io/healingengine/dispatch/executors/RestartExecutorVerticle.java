package io.healingengine.dispatch.executors;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.RestartOutcome;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.dispatch.ExecutorConsumers;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a service by running the restart argv that the inventory gives for it — or, for a process the
 * engine owns ({@code supervise.argv}), by asking its supervisor, which stops the old process, waits until it is
 * gone and answers once the new one passed its startup probe. The request only selects the service; nothing of
 * the request reaches the command line.
 */
public final class RestartExecutorVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(RestartExecutorVerticle.class);
    private final EngineConfig config;
    private final Clock clock;

    public RestartExecutorVerticle(EngineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void start(Promise<Void> started) {
        ExecutorConsumers.register(vertx.eventBus(), Addresses.action(ActionKind.RESTART.id()), this::onRequest)
                .completion().onComplete(started);
    }

    private void onRequest(Message<ActionRequest> message) {
        ActionRequest request = message.body();
        Optional<ServiceConfig> service = config.inventory().find(request.getServiceId());
        if (service.isPresent() && service.get().ownedBySupervisor()) {
            restartSupervised(message, service.get());
            return;
        }
        if (service.isEmpty() || service.get().restart() == null) {
            message.reply(ActionResult.of(request, ActionOutcome.REJECTED, "no restart command in the inventory for "
                    + request.getServiceId() + " (inventory.services[].restart.argv)", 0, clock.millis()), LocalCodec.OPTIONS);
            return;
        }
        vertx.executeBlocking(() -> ProcessRunner.run(withIdempotencyKey(service.get().restart(), request)), false)
                .onSuccess(outcome -> message.reply(toResult(request, outcome), LocalCodec.OPTIONS))
                .onFailure(error -> message.fail(500, "restart executor crashed: " + error));
    }

    /** The inventory's command, with the request id in {@value ActionRequest#IDEMPOTENCY_ENV} (engine data only). */
    private static RestartConfig withIdempotencyKey(RestartConfig restart, ActionRequest request) {
        Map<String, String> env = new HashMap<>(restart.env());
        env.put(ActionRequest.IDEMPOTENCY_ENV, request.getId());
        return new RestartConfig(restart.argv(), restart.workingDir(), env, restart.timeoutMs());
    }

    private void restartSupervised(Message<ActionRequest> message, ServiceConfig service) {
        ActionRequest request = message.body();
        long started = System.nanoTime();
        vertx.eventBus().<RestartOutcome>request(Addresses.SUPERVISE_RESTART, service.id(),
                        LocalCodec.withTimeout(service.restartTimeoutMs()))
                .onSuccess(reply -> {
                    RestartOutcome outcome = reply.body();
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    LOG.info("self_heal event=restart_ran service={} outcome={} old_pid={} new_pid={} duration_ms={}",
                            request.getServiceId(), outcome.succeeded() ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED,
                            outcome.oldPid(), outcome.newPid(), ms);
                    message.reply(ActionResult.of(request, outcome.succeeded() ? ActionOutcome.SUCCEEDED
                            : ActionOutcome.FAILED, outcome.detail() + " (stop " + outcome.stopMs() + " ms, backoff "
                            + outcome.backoffMs() + " ms, start " + outcome.startMs() + " ms)", ms, clock.millis()),
                            LocalCodec.OPTIONS);
                })
                .onFailure(error -> message.reply(ActionResult.of(request, ActionOutcome.FAILED, "the supervisor of "
                        + service.id() + " did not restart it: " + error.getMessage(),
                        (System.nanoTime() - started) / 1_000_000, clock.millis()), LocalCodec.OPTIONS));
    }

    private ActionResult toResult(ActionRequest request, ProcessRunner.Outcome outcome) {
        String argv0 = config.inventory().find(request.getServiceId()).map(s -> s.restart().argv().get(0)).orElse("?");
        ActionOutcome result;
        String detail;
        if (outcome.startError() != null) {
            result = ActionOutcome.FAILED;
            detail = outcome.startError();
        } else if (outcome.timedOut()) {
            result = ActionOutcome.TIMED_OUT;
            detail = argv0 + " killed after its timeout; output: " + outcome.output();
        } else {
            result = outcome.exitCode() == 0 ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED;
            detail = argv0 + " exited " + outcome.exitCode() + (outcome.output().isEmpty() ? "" : "; output: " + outcome.output());
        }
        LOG.info("self_heal event=restart_ran service={} outcome={} exit_code={} duration_ms={}", request.getServiceId(),
                result, outcome.exitCode(), outcome.durationMs());
        return ActionResult.of(request, result, detail, outcome.durationMs(), clock.millis());
    }
}
