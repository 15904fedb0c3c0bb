package io.healingengine.metrics;

/** Meter names (Prometheus renders dots as underscores and adds _total to counters). */
public final class MetricNames {
    public static final String SIGNALS_INGESTED = "selfheal.signals.ingested";
    public static final String HEARTBEATS_RECEIVED = "selfheal.heartbeats.received";
    public static final String ERRORS_CLASSIFIED = "selfheal.errors.classified";
    public static final String ALERTS_RECEIVED = "selfheal.alerts.received";
    public static final String REQUESTS_REJECTED = "selfheal.requests.rejected";
    public static final String RULES_FIRED = "selfheal.rules.fired";
    public static final String ACTIONS_EXECUTED = "selfheal.actions.executed";
    public static final String INCIDENTS_OPENED = "selfheal.incidents.opened";
    public static final String INCIDENTS_CLOSED = "selfheal.incidents.closed";
    public static final String GUARD_BLOCKS = "selfheal.guard.blocks";
    public static final String SIGNAL_TO_DISPATCH = "selfheal.signal.to.dispatch";
    public static final String SESSION_FACTS = "selfheal.session.facts";
    public static final String ACTIONS_IN_FLIGHT = "selfheal.actions.in.flight";
    public static final String PROMETHEUS_QUERIES = "selfheal.prometheus.queries";
    public static final String PROMETHEUS_QUERY_FAILURES = "selfheal.prometheus.query.failures";
    public static final String PROMETHEUS_SAMPLES = "selfheal.prometheus.samples";
    public static final String INVARIANT_VIOLATIONS = "selfheal.invariant.violations";
    public static final String INVARIANT_VIOLATIONS_OPEN = "selfheal.invariant.violations.open";
    public static final String THREADS_BLOCKED = "selfheal.threads.blocked";
    public static final String INTAKE_QUEUED_ITEMS = "selfheal.intake.queued.items";
    public static final String AUDIT_BACKLOG = "selfheal.audit.backlog";
    public static final String PROCESS_EXITS = "selfheal.process.exits";
    public static final String PROBE_RESULTS = "selfheal.probe.results";
    public static final String PROBE_DURATION = "selfheal.probe.duration";

    private MetricNames() {
    }
}
