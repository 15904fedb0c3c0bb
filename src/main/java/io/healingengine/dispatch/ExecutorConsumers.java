package io.healingengine.dispatch;

import io.healingengine.domain.ActionRequest;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers an executor on its action address so that an executor that throws answers with a failure
 * (the dispatcher records the action FAILED with the exception) instead of leaving the request to time out.
 */
public final class ExecutorConsumers {
    /** The failure code of an executor that threw while handling a request. */
    public static final int EXECUTOR_CRASHED = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorConsumers.class);

    private ExecutorConsumers() {
    }

    public static MessageConsumer<ActionRequest> register(EventBus bus, String address,
                                                          Handler<Message<ActionRequest>> executor) {
        return bus.consumer(address, message -> {
            try {
                executor.handle(message);
            } catch (RuntimeException | Error e) {
                ActionRequest request = message.body();
                LOG.error("self_heal event=executor_crashed address={} service={} action={} request={} error=\"{}\"",
                        address, request.getServiceId(), request.getAction(), request.getId(), e, e);
                message.fail(EXECUTOR_CRASHED, "executor crashed: " + e);
            }
        });
    }
}
