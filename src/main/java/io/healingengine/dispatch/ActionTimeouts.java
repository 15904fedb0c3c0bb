package io.healingengine.dispatch;

import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.domain.ActionKind;
import io.healingengine.domain.ActionRequest;

/**
 * How long an action may take, from the configuration: a restart its service's
 * {@code restart.timeoutMs} (a supervised process: the supervisor's worst case of stop, backoff and start,
 * {@link ServiceConfig#restartTimeoutMs()}), a webhook-served action {@code actions.timeoutMs.<kind>} (else
 * {@code oncall.timeoutMs}); and how long the dispatcher waits for the executor's answer past that
 * ({@code actions.replyMarginMs}) before the action counts as TIMED_OUT.
 */
public final class ActionTimeouts {
    private final EngineConfig config;

    public ActionTimeouts(EngineConfig config) {
        this.config = config;
    }

    /** The executor's own timeout for {@code action} on {@code service}. */
    public long executorTimeoutMs(String action, ServiceConfig service) {
        if (ActionKind.RESTART.id().equals(action) && service.restartTimeoutMs() != null) {
            return service.restartTimeoutMs();
        }
        return webhookTimeoutMs(action);
    }

    /** The timeout of a webhook-served {@code action}: {@code actions.timeoutMs.<kind>}, else {@code oncall.timeoutMs}. */
    public long webhookTimeoutMs(String action) {
        return config.actions().webhookTimeoutMs(action, config.oncall().timeoutMs());
    }

    /** How long after dispatch the dispatcher stops waiting for {@code request}'s result. */
    public long replyDeadlineMs(ActionRequest request) {
        ServiceConfig service = config.inventory().find(request.getServiceId())
                .orElseGet(() -> ServiceConfig.autoRegistered(request.getServiceId(), config.inventory().defaultTier()));
        return executorTimeoutMs(request.getAction(), service) + config.actions().replyMarginMs();
    }
}
