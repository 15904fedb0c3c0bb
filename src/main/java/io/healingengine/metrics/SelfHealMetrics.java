package io.healingengine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Records the engine's meters and renders them as Prometheus text. Thread-safe. */
public final class SelfHealMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter signals = registry.counter(MetricNames.SIGNALS_INGESTED);
    private final Counter heartbeats = registry.counter(MetricNames.HEARTBEATS_RECEIVED);
    private final Timer signalToDispatch = Timer.builder(MetricNames.SIGNAL_TO_DISPATCH)
            .description("from a signal accepted to the action it caused leaving for its executor")
            .publishPercentiles(0.5, 0.99, 0.999)
            .register(registry);
    private final DecisionLatency decisionLatency = new DecisionLatency(java.time.Clock.systemUTC());
    private final AtomicLong sessionFacts = new AtomicLong();
    private final AtomicLong actionsInFlight = new AtomicLong();
    /** Its event window is set from selfWatch.intervalMs when the engine starts; 5 s until then. */
    private final InvariantBoard invariants = new InvariantBoard(java.time.Clock.systemUTC(), registry, 5_000);

    public SelfHealMetrics() {
        Gauge.builder(MetricNames.SESSION_FACTS, sessionFacts, AtomicLong::get)
                .description("facts in the rule session").register(registry);
        Gauge.builder(MetricNames.ACTIONS_IN_FLIGHT, actionsInFlight, AtomicLong::get)
                .description("actions dispatched and not yet reported").register(registry);
        for (String kind : java.util.List.of("event-loop", "worker", "other")) {
            Counter.builder(MetricNames.THREADS_BLOCKED).tag(TagNames.THREAD, kind)
                    .description("Vert.x blocked-thread warnings, by the kind of thread").register(registry);
        }
    }

    /** The engine's invariants that do not hold now (GET /health). */
    public InvariantBoard invariants() {
        return invariants;
    }

    /** Vert.x warned of a blocked thread; kind is event-loop, worker or other. */
    public void threadBlocked(String kind) {
        registry.counter(MetricNames.THREADS_BLOCKED, TagNames.THREAD, kind).increment();
    }

    /**
     * Watches the intake's two queues: items handed to the engine and not yet taken, audit writes not yet applied.
     */
    public void watchQueues(java.util.function.LongSupplier queuedItems, java.util.function.LongSupplier auditBacklog) {
        Gauge.builder(MetricNames.INTAKE_QUEUED_ITEMS, queuedItems::getAsLong)
                .description("signals, heartbeats, errors and alerts admitted and not yet taken by the engine")
                .register(registry);
        Gauge.builder(MetricNames.AUDIT_BACKLOG, auditBacklog::getAsLong)
                .description("audit writes decided and not yet applied").register(registry);
    }

    public void signalsIngested(int count) {
        signals.increment(count);
    }

    public void heartbeatReceived() {
        heartbeats.increment();
    }

    /** One reported error, by the failure class the taxonomy gave it. */
    public void errorClassified(String failureClass) {
        registry.counter(MetricNames.ERRORS_CLASSIFIED, TagNames.FAILURE_CLASS, failureClass).increment();
    }

    /** One alert of an Alertmanager webhook, by what it did: opened, refired, unchanged, resolved, stale … */
    public void alertReceived(String outcome) {
        registry.counter(MetricNames.ALERTS_RECEIVED, TagNames.OUTCOME, outcome).increment();
    }

    /** A request refused at the edge; reason is a fixed word (malformed, invalid, unknown_service, too_large …). */
    public void requestRejected(String reason) {
        registry.counter(MetricNames.REQUESTS_REJECTED, TagNames.REASON, reason).increment();
    }

    public void ruleFired(String rule) {
        registry.counter(MetricNames.RULES_FIRED, TagNames.RULE, rule).increment();
    }

    public void actionExecuted(String action, String outcome) {
        registry.counter(MetricNames.ACTIONS_EXECUTED, TagNames.ACTION, action, TagNames.OUTCOME, outcome).increment();
    }

    public void incidentOpened(String kind) {
        registry.counter(MetricNames.INCIDENTS_OPENED, TagNames.KIND, kind).increment();
    }

    public void incidentClosed(String status) {
        registry.counter(MetricNames.INCIDENTS_CLOSED, TagNames.STATUS, status).increment();
    }

    /** A guard said no: outcome "refused" (the proposal is dropped) or "deferred" (it waits). */
    public void guardBlocked(String guard, String outcome) {
        registry.counter(MetricNames.GUARD_BLOCKS, TagNames.GUARD, guard, TagNames.OUTCOME, outcome).increment();
    }

    /** One evaluation of a configured PromQL query, and how long Prometheus took to answer it. */
    public void prometheusQueried(String query, Duration took) {
        Timer.builder(MetricNames.PROMETHEUS_QUERIES).tag(TagNames.QUERY, query)
                .description("evaluations of the configured PromQL queries").register(registry).record(took);
    }

    /**
     * Something went wrong with one evaluation of a query; reason is a fixed word (unreachable, timeout,
     * query_error, not_finite, missing_label …). Counted once per evaluation and reason.
     */
    public void prometheusQueryFailed(String query, String reason) {
        registry.counter(MetricNames.PROMETHEUS_QUERY_FAILURES, TagNames.QUERY, query, TagNames.REASON, reason)
                .increment();
    }

    /** Samples of a query sent to the engine as signals. */
    public void prometheusSamples(String query, int count) {
        registry.counter(MetricNames.PROMETHEUS_SAMPLES, TagNames.QUERY, query).increment(count);
    }

    /**
     * A supervised service of the inventory: its process-exit and probe meters exist from now on, at zero, so
     * that a rate over them is defined before the first exit or failure.
     */
    public void supervised(String service) {
        for (String cause : java.util.List.of("exit", "signal", "unknown")) {
            processExits(service, cause);
        }
        for (String outcome : java.util.List.of("pass", "fail")) {
            probeResults(service, outcome);
            probeDuration(service, outcome);
        }
    }

    /** A supervised process ended without the engine asking; cause is exit, signal or unknown (ExitCause). */
    public void processExited(String service, String cause) {
        processExits(service, cause).increment();
    }

    /** One liveness-probe result of a supervised service and how long the probe took. */
    public void probed(String service, boolean passed, long latencyMs) {
        String outcome = passed ? "pass" : "fail";
        probeResults(service, outcome).increment();
        probeDuration(service, outcome).record(latencyMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private Counter processExits(String service, String cause) {
        return Counter.builder(MetricNames.PROCESS_EXITS).tag(TagNames.SERVICE, service).tag(TagNames.CAUSE, cause)
                .description("supervised processes that ended without the engine asking, by cause (signal: exit "
                        + "status above 128, which an exit code can also give)").register(registry);
    }

    private Counter probeResults(String service, String outcome) {
        return Counter.builder(MetricNames.PROBE_RESULTS).tag(TagNames.SERVICE, service).tag(TagNames.OUTCOME, outcome)
                .description("liveness-probe results of supervised services").register(registry);
    }

    private Timer probeDuration(String service, String outcome) {
        return Timer.builder(MetricNames.PROBE_DURATION).tag(TagNames.SERVICE, service).tag(TagNames.OUTCOME, outcome)
                .description("how long liveness probes took (a timed-out probe takes its timeout)").register(registry);
    }

    /**
     * The action caused by a signal accepted at {@code acceptedNanos} (System.nanoTime) left for its executor now;
     * its evaluation started at {@code evaluationNanos} and made it ready to leave at {@code readyNanos}.
     */
    public void signalToDispatch(long acceptedNanos, long evaluationNanos, long readyNanos) {
        signalToDispatch.record(System.nanoTime() - acceptedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        decisionLatency.record(acceptedNanos, evaluationNanos, readyNanos);
    }

    /** Exact signal-to-dispatch percentiles since start or the last reset. */
    public DecisionLatency decisionLatency() {
        return decisionLatency;
    }

    public void sessionFacts(long count) {
        sessionFacts.set(count);
    }

    public void actionsInFlight(long count) {
        actionsInFlight.set(count);
    }

    public String scrape() {
        return registry.scrape();
    }
}
