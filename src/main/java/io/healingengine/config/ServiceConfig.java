package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import io.healingengine.domain.ActionKind;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One service of the inventory.
 *
 * @param id                  the service id that signals carry
 * @param tier                free-form tier name that policies may be scoped to (default "standard")
 * @param heartbeatIntervalMs how often the service heartbeats; 0 = it does not, and liveness is not
 *                            watched (default 0)
 * @param verifyWindowMs      validation window after a fix for incidents no policy row times (service
 *                            down, manual heals), in ms (default 10000)
 * @param dryRun              decide and record, but run nothing for this service (default false)
 * @param restart             how to restart it; without it, restart actions are REJECTED
 * @param webhooks            action id → URL for the webhook-served actions (scale-up, rollback,
 *                            circuit-break, fallback; alert-oncall may override oncall.url)
 * @param canary              the service has a canary step for risky actions, which then need no human
 *                            approval (default false)
 * @param rollbacks           for each state-changing action (scale-up, rollback), how it is undone (a
 *                            runbook URL or a short description); without one the action is refused
 * @param group               the area the service shares its daily budget and freezes with (e.g. the
 *                            services of one cluster or team); default: the service alone
 * @param supervise           the engine owns the process (starts it from an argv and restarts it itself) or
 *                            watches it through a pidfile, and probes it; see {@link SuperviseConfig}
 */
public record ServiceConfig(String id, String tier, Long heartbeatIntervalMs, Long verifyWindowMs, Boolean dryRun,
                            RestartConfig restart, Map<String, String> webhooks, Boolean canary,
                            Map<String, String> rollbacks, String group, SuperviseConfig supervise) {
    public static final String DEFAULT_TIER = "standard";
    public static final long DEFAULT_VERIFY_WINDOW_MS = 10_000;
    /** Service ids: letters, digits, '.', '_', ':', '-'; 1–128 characters. */
    public static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public ServiceConfig {
        tier = tier == null ? DEFAULT_TIER : tier;
        heartbeatIntervalMs = heartbeatIntervalMs == null ? 0L : heartbeatIntervalMs;
        verifyWindowMs = verifyWindowMs == null ? DEFAULT_VERIFY_WINDOW_MS : verifyWindowMs;
        dryRun = dryRun != null && dryRun;
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
        canary = canary != null && canary;
        rollbacks = rollbacks == null ? Map.of() : Map.copyOf(rollbacks);
    }

    /** A service that is not supervised. */
    public ServiceConfig(String id, String tier, Long heartbeatIntervalMs, Long verifyWindowMs, Boolean dryRun,
                         RestartConfig restart, Map<String, String> webhooks, Boolean canary,
                         Map<String, String> rollbacks, String group) {
        this(id, tier, heartbeatIntervalMs, verifyWindowMs, dryRun, restart, webhooks, canary, rollbacks, group, null);
    }

    /** A supervised service: restarts go to its supervisor, not to a restart argv. */
    public static ServiceConfig supervised(String id, String tier, long verifyWindowMs, SuperviseConfig supervise) {
        return new ServiceConfig(id, tier, 0L, verifyWindowMs, false, null, Map.of(), false, Map.of(), null, supervise);
    }

    /** Whether restarts of this service go to its supervisor (the engine owns the process). */
    public boolean ownedBySupervisor() {
        return supervise != null && supervise.owned();
    }

    /**
     * How long a restart of this service may take before it counts as TIMED_OUT: the restart argv's timeout, or
     * for a process the engine owns its supervisor's worst case (grace, largest backoff, startup timeout); null
     * without either.
     */
    public Long restartTimeoutMs() {
        if (ownedBySupervisor()) {
            return supervise.stopGraceMs() + supervise.backoffMaxMs() + supervise.startupTimeoutMs();
        }
        return restart == null ? null : (long) restart.timeoutMs();
    }

    /** A service without canary or rollback plans. */
    public ServiceConfig(String id, String tier, Long heartbeatIntervalMs, Long verifyWindowMs, Boolean dryRun,
                         RestartConfig restart, Map<String, String> webhooks) {
        this(id, tier, heartbeatIntervalMs, verifyWindowMs, dryRun, restart, webhooks, false, Map.of(), null);
    }

    /** A service alone in its area. */
    public ServiceConfig(String id, String tier, Long heartbeatIntervalMs, Long verifyWindowMs, Boolean dryRun,
                         RestartConfig restart, Map<String, String> webhooks, Boolean canary,
                         Map<String, String> rollbacks) {
        this(id, tier, heartbeatIntervalMs, verifyWindowMs, dryRun, restart, webhooks, canary, rollbacks, null);
    }

    /** An auto-registered service: no restart command, no webhooks. */
    public static ServiceConfig autoRegistered(String id, String tier) {
        return new ServiceConfig(id, tier, 0L, DEFAULT_VERIFY_WINDOW_MS, false, null, Map.of());
    }

    void validate(String key) {
        check(id != null && ID_PATTERN.matcher(id).matches(), key + ".id",
                "must match " + ID_PATTERN.pattern() + ", but was " + (id == null ? "missing" : "'" + id + "'"));
        check(heartbeatIntervalMs >= 0, key + ".heartbeatIntervalMs", "must be >= 0, but was " + heartbeatIntervalMs);
        check(verifyWindowMs >= 0, key + ".verifyWindowMs", "must be >= 0, but was " + verifyWindowMs);
        if (restart != null) {
            restart.validate(key + ".restart");
        }
        if (supervise != null) {
            supervise.validate(key + ".supervise");
            check(restart == null || !supervise.owned(), key + ".restart",
                    "must not be set for a service the engine owns (supervise.argv): the supervisor restarts it");
        }
        webhooks.forEach((action, url) -> {
            check(ActionKind.fromId(action).filter(k -> k != ActionKind.RESTART && k != ActionKind.NOOP).isPresent(),
                    key + ".webhooks." + action, "is not a webhook-served action (one of scale-up, rollback, "
                            + "circuit-break, fallback, alert-oncall)");
            WebhookUrls.check(url, key + ".webhooks." + action);
        });
        check(group == null || ID_PATTERN.matcher(group).matches(), key + ".group",
                "must match " + ID_PATTERN.pattern() + ", but was '" + group + "'");
        rollbacks.forEach((action, plan) -> {
            check(ActionKind.fromId(action).filter(ActionKind::changesState).isPresent(), key + ".rollbacks." + action,
                    "is not a state-changing action (one of scale-up, rollback)");
            check(plan != null && !plan.isBlank(), key + ".rollbacks." + action, "must say how the action is undone");
        });
    }
}
