package io.healingengine.metrics;

/** Tag keys; their values always come from small fixed sets (never ids or hosts). */
public final class TagNames {
    public static final String RULE = "rule";
    public static final String ACTION = "action";
    public static final String OUTCOME = "outcome";
    public static final String GUARD = "guard";
    public static final String KIND = "kind";
    public static final String FAILURE_CLASS = "failure_class";
    public static final String STATUS = "status";
    public static final String REASON = "reason";
    /** The name of a configured Prometheus query (the operator's fixed list). */
    public static final String QUERY = "query";
    /** The name of an engine invariant (a fixed set, see InvariantViolation). */
    public static final String INVARIANT = "invariant";
    /** A supervised service of the inventory (the operator's fixed list; never an auto-registered one). */
    public static final String SERVICE = "service";
    /** Why a supervised process ended: exit, signal, unknown (see ExitCause). */
    public static final String CAUSE = "cause";
    /** A thread's kind: event-loop, worker, other. */
    public static final String THREAD = "thread";

    private TagNames() {
    }
}
