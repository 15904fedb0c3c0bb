package io.healingengine.engine;

import io.healingengine.bus.SupervisionReport;
import io.healingengine.domain.ProcessExit;
import io.healingengine.domain.SupervisedProcess;
import io.healingengine.rules.FactRef;
import io.healingengine.rules.RuleSession;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the supervisors report into facts: one {@link SupervisedProcess} per supervised service, updated
 * in place, and a {@link ProcessExit} event per exit. Called only by the engine verticle, the session's single
 * writer.
 */
final class SupervisionIntake {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisionIntake.class);
    private final RuleSession session;
    private final Map<String, SupervisedProcess> processes = new HashMap<>();
    private final Map<String, FactRef> refs = new HashMap<>();

    SupervisionIntake(RuleSession session) {
        this.session = session;
    }

    /** The service is supervised: its process fact exists from now on. */
    void watch(String serviceId, int failureThreshold) {
        if (!processes.containsKey(serviceId)) {
            SupervisedProcess process = new SupervisedProcess(serviceId, failureThreshold);
            processes.put(serviceId, process);
            refs.put(serviceId, session.insert(process));
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
            }
            case EXITED -> {
                ProcessExit exit = new ProcessExit(report.service(), report.pid(), report.exitCode(), report.signal(),
                        report.duringStartup(), session.now());
                session.insert(exit);
                LOG.info("self_heal event=process_exited service={} pid={} exit_code={} signal={} during_startup={} "
                        + "outcome=down", report.service(), report.pid(), report.exitCode(), report.signal(),
                        report.duringStartup());
                return true;
            }
            case PROBED -> {
                if (report.pid() != process.getPid() || (report.passed() && process.getProbeFailures() == 0)) {
                    return false; // a late result of an older process, or nothing new: no churn in the session
                }
                process.probed(report.passed(), report.detail());
                if (!report.passed()) {
                    LOG.info("self_heal event=probe_failed service={} pid={} failures={} threshold={} detail=\"{}\"",
                            report.service(), report.pid(), process.getProbeFailures(), process.getFailureThreshold(),
                            LogText.clean(report.detail()));
                }
            }
        }
        session.update(refs.get(report.service()), process);
        return true;
    }
}
