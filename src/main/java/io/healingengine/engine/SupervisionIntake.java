package io.healingengine.engine;

import io.healingengine.bus.SupervisionReport;
import io.healingengine.domain.ProcessExit;
import io.healingengine.domain.SupervisedProcess;
import io.healingengine.metrics.SelfHealMetrics;
import io.healingengine.rules.FactRef;
import io.healingengine.rules.RuleSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the supervisors report into facts: one {@link SupervisedProcess} per supervised service, updated
 * in place, a {@link ProcessExit} event per exit, and the liveness-probe results as the service's
 * {@code probe:*} metric states ({@link ProbeMetrics}) for the policies table. Called only by the engine
 * verticle, the session's single writer.
 */
final class SupervisionIntake {
    /** Where the probe metric states go: the engine's working-memory index (and a shadow run's). */
    interface MetricStates {
        void observe(String serviceId, String metric, double value);
    }

    private static final Logger LOG = LoggerFactory.getLogger(SupervisionIntake.class);
    private final RuleSession session;
    private final SelfHealMetrics meters;
    private final MetricStates metricStates;
    private final ProbeMetrics probeMetrics = new ProbeMetrics();
    private final Map<String, SupervisedProcess> processes = new HashMap<>();
    private final Map<String, FactRef> refs = new HashMap<>();

    SupervisionIntake(RuleSession session, SelfHealMetrics meters, MetricStates metricStates) {
        this.session = session;
        this.meters = meters;
        this.metricStates = metricStates;
    }

    /** The service is supervised: its process fact exists from now on. */
    void watch(String serviceId, int failureThreshold) {
        if (!processes.containsKey(serviceId)) {
            SupervisedProcess process = new SupervisedProcess(serviceId, failureThreshold);
            processes.put(serviceId, process);
            refs.put(serviceId, session.insert(process));
            meters.supervised(serviceId);
        }
    }

    /** Applies one report; true if the session changed (and so needs an evaluation). */
    boolean apply(SupervisionReport report) {
        SupervisedProcess process = processes.get(report.service());
        if (process == null) {
            LOG.warn("self_heal event=supervision_report_ignored service={} kind={} outcome=not_supervised",
                    report.service(), report.kind());
            return false;
        }
        switch (report.kind()) {
            case STARTED -> {
                process.started(report.pid(), session.now());
                LOG.info("self_heal event=process_up service={} pid={} outcome=startup_probe_passed", report.service(),
                        report.pid());
                publish(report.service(), probeMetrics.started());
            }
            case EXITED -> {
                ProcessExit exit = new ProcessExit(report.service(), report.pid(), report.exitStatus(),
                        report.duringStartup(), session.now());
                session.insert(exit);
                meters.processExited(report.service(), exit.getCause().word());
                LOG.info("self_heal event=process_exited service={} pid={} exit_status={} cause={} during_startup={} "
                                + "detail=\"{}\" outcome=down", report.service(), report.pid(),
                        report.exitStatus() == null ? "unknown" : report.exitStatus(), exit.getCause().word(),
                        report.duringStartup(), exit.describe());
                return true;
            }
            case PROBED -> {
                meters.probed(report.service(), report.passed(), report.latencyMs());
                if (report.pid() != process.getPid()) {
                    return false; // a late result of an older process
                }
                if (!report.passed() || process.getProbeFailures() > 0) {
                    process.probed(report.passed(), report.detail());
                    if (!report.passed()) {
                        LOG.info("self_heal event=probe_failed service={} pid={} failures={} threshold={} detail=\"{}\"",
                                report.service(), report.pid(), process.getProbeFailures(),
                                process.getFailureThreshold(), LogText.clean(report.detail()));
                    }
                    session.update(refs.get(report.service()), process);
                }
                publish(report.service(), probeMetrics.probed(report.service(), report.passed(), report.latencyMs(),
                        process.getProbeFailures()));
                return true;
            }
        }
        session.update(refs.get(report.service()), process);
        return true;
    }

    private void publish(String serviceId, List<ProbeMetrics.Value> values) {
        for (ProbeMetrics.Value value : values) {
            metricStates.observe(serviceId, value.metric(), value.value());
        }
    }
}
