package io.healingengine.bus;

/** Event-bus addresses, {@code selfheal.<area>.<verb>}. */
public final class Addresses {
    public static final String ENGINE_SIGNALS = "selfheal.engine.signals";
    public static final String ENGINE_HEARTBEATS = "selfheal.engine.heartbeats";
    public static final String ENGINE_ERRORS = "selfheal.engine.errors";
    public static final String ENGINE_ALERTS = "selfheal.engine.alerts";
    public static final String ENGINE_RESULTS = "selfheal.engine.results";
    public static final String ENGINE_HEAL = "selfheal.engine.heal";
    public static final String ENGINE_SNAPSHOT = "selfheal.engine.snapshot";
    public static final String ENGINE_APPROVALS = "selfheal.engine.approvals";
    public static final String ENGINE_DECIDE = "selfheal.engine.decide";
    public static final String ENGINE_FREEZES = "selfheal.engine.freezes";
    public static final String ENGINE_UNFREEZE = "selfheal.engine.unfreeze";
    public static final String ENGINE_ACTIVATE = "selfheal.engine.activate";
    public static final String ENGINE_SHADOW_START = "selfheal.engine.shadow.start";
    public static final String ENGINE_SHADOW_REPORT = "selfheal.engine.shadow.report";
    public static final String ENGINE_SHADOW_STOP = "selfheal.engine.shadow.stop";
    /** Exits and probe results of supervised processes, as {@code SupervisionReport}s. */
    public static final String ENGINE_SUPERVISION = "selfheal.engine.supervision";
    /** Restart requests for processes the engine owns: the service id in, a {@code RestartOutcome} back. */
    public static final String SUPERVISE_RESTART = "selfheal.supervise.restart";
    public static final String AUDIT_APPEND = "selfheal.audit.append";
    private static final String ACTION_PREFIX = "selfheal.action.";

    private Addresses() {
    }

    /** One address per action kind: selfheal.action.restart, selfheal.action.scale-up … */
    public static String action(String actionId) {
        return ACTION_PREFIX + actionId;
    }
}
