package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import io.healingengine.domain.ActionKind;
import java.util.List;
import java.util.Map;

/**
 * How long each kind of action may take, and which executors this engine runs. Whatever an executor
 * does — answers, hangs, crashes or is not there — the action ends with a result: the dispatcher stops
 * waiting {@code replyMarginMs} after the action's own timeout and records it TIMED_OUT.
 *
 * @param timeoutMs     action kind → timeout in ms for the webhook-served kinds (scale-up, rollback,
 *                      circuit-break, fallback, alert-oncall); a kind not listed uses
 *                      {@code oncall.timeoutMs}. A restart's timeout is its service's
 *                      {@code inventory.services[].restart.timeoutMs}.
 * @param replyMarginMs how long past an action's timeout the dispatcher still waits for its executor's
 *                      answer before recording TIMED_OUT (default 2000)
 * @param disabled      action kinds whose executors this engine does not start (an emergency switch:
 *                      their requests end FAILED "no executor listens on …" and the ladder goes on);
 *                      noop cannot be disabled
 */
public record ActionsConfig(Map<String, Long> timeoutMs, Long replyMarginMs, List<String> disabled) {
    public static final long DEFAULT_REPLY_MARGIN_MS = 2_000;
    public static final long MAX_TIMEOUT_MS = 3_600_000;

    public ActionsConfig {
        timeoutMs = timeoutMs == null ? Map.of() : Map.copyOf(timeoutMs);
        replyMarginMs = replyMarginMs == null ? DEFAULT_REPLY_MARGIN_MS : replyMarginMs;
        disabled = disabled == null ? List.of() : List.copyOf(disabled);
        timeoutMs.forEach((kind, ms) -> {
            check(ActionKind.fromId(kind).filter(k -> k != ActionKind.RESTART && k != ActionKind.NOOP).isPresent(),
                    "actions.timeoutMs." + kind, "is not a webhook-served action (one of scale-up, rollback, "
                            + "circuit-break, fallback, alert-oncall); a restart's timeout is "
                            + "inventory.services[].restart.timeoutMs");
            check(ms != null && ms >= 1 && ms <= MAX_TIMEOUT_MS, "actions.timeoutMs." + kind,
                    "must be between 1 and " + MAX_TIMEOUT_MS + ", but was " + ms);
        });
        check(replyMarginMs >= 0 && replyMarginMs <= 60_000, "actions.replyMarginMs",
                "must be between 0 and 60000, but was " + replyMarginMs);
        for (int i = 0; i < disabled.size(); i++) {
            String kind = disabled.get(i);
            check(ActionKind.fromId(kind).filter(k -> k != ActionKind.NOOP).isPresent(), "actions.disabled[" + i + "]",
                    "must be one of " + ActionKind.ladderIds() + ", but was '" + kind + "'");
        }
    }

    public static ActionsConfig ofDefaults() {
        return new ActionsConfig(null, null, null);
    }

    /** Whether this engine runs the executor of {@code kind}. */
    public boolean runs(ActionKind kind) {
        return !disabled.contains(kind.id());
    }

    /**
     * The timeout of a webhook-served action: its own from {@link #timeoutMs}, else {@code fallbackMs}
     * (the pager's timeout).
     */
    public long webhookTimeoutMs(String action, long fallbackMs) {
        Long own = timeoutMs.get(action);
        return own == null ? fallbackMs : own;
    }
}
