package io.healingengine.engine;

import io.healingengine.audit.EngineStateStore;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.AlertBatch;
import io.healingengine.bus.AlertNotice;
import io.healingengine.bus.DecideApproval;
import io.healingengine.bus.Unfreeze;
import io.healingengine.bus.EngineSnapshot;
import io.healingengine.bus.ErrorClassification;
import io.healingengine.bus.EngineLoad;
import io.healingengine.bus.ErrorReport;
import io.healingengine.bus.HealAnswer;
import io.healingengine.bus.HealCommand;
import io.healingengine.bus.Heartbeat;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.RulesActivated;
import io.healingengine.bus.ShadowReport;
import io.healingengine.bus.ShadowStart;
import io.healingengine.bus.Signal;
import io.healingengine.bus.SupervisionReport;
import io.healingengine.bus.SignalBatch;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.dispatch.ActionDispatcher;
import io.healingengine.dispatch.ActionTimeouts;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.ClassifiedError;
import io.healingengine.domain.ErrorEvent;
import io.healingengine.domain.Incident;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.ManualHealRequest;
import io.healingengine.metrics.SelfHealMetrics;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.FactChangeListener;
import io.healingengine.rules.FactRef;
import io.healingengine.rules.RuleSession;
import io.healingengine.rules.AlertIndex;
import io.healingengine.rules.WorkingMemoryIndex;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only owner of the rule session. Deployed as one worker instance, so every message is handled on
 * one thread at a time, in order: signals, heartbeats, executor results and manual heals all become
 * fact changes followed by one evaluation, and a periodic tick evaluates deadlines.
 */
public final class RuleEngineVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(RuleEngineVerticle.class);

    private final EngineConfig config;
    private CompiledRules rules;
    private final SelfHealMetrics metrics;
    private final EngineStateStore engineState;
    private final EngineLoad load;
    private AuditQueue audit;
    private final EngineDecisionSink sink = new EngineDecisionSink();
    private RuleSession session;
    private WorkingMemoryIndex memory;
    private AlertIntake alerts;
    private ActionLauncher launcher;
    private SupervisionIntake supervision;
    private ChainRecorder chain;
    private GuardDesk guards;
    private EngineStateMirror stateMirror;
    private ShadowRun shadow;
    private static final long LATE_ERROR_MS = 5 * 60_000;
    private final FailureCounts failures = new FailureCounts();
    /** Classifications made while reported errors are evaluated (even of errors too old to be kept). */
    private final java.util.Map<ErrorEvent, ClassifiedError> justClassified = new java.util.IdentityHashMap<>();
    private long inFlight;
    private long timerId = -1;
    private long watchTimerId = -1;

    public RuleEngineVerticle(EngineConfig config, CompiledRules rules, SelfHealMetrics metrics,
                              EngineStateStore engineState, EngineLoad load) {
        this.load = load;
        this.config = config;
        this.rules = rules;
        this.metrics = metrics;
        this.engineState = engineState;
    }

    @Override
    public void start(Promise<Void> started) {
        session = RuleSession.open(rules, false, 0, sink, (rule, matched) -> metrics.ruleFired(rule));
        sink.bind(session.currentRuleSupplier(), session::now);
        sink.rulesVersion(rules.shortSha());
        memory = new WorkingMemoryIndex(session);
        alerts = new AlertIntake(session, metrics);
        audit = new AuditQueue(vertx.eventBus(), load, config.intake().syncToDisk());
        chain = new ChainRecorder(audit, metrics);
        launcher = new ActionLauncher(chain, new ActionDispatcher(vertx, config), metrics, session::now, this::onResult);
        supervision = new SupervisionIntake(session, metrics, this::observeDerived);
        guards = new GuardDesk(session, () -> evaluate(null));
        config.inventory().services().forEach(service -> register(service, false));
        // The rule base's own start-up first (the guard-limits rows insert their limits), then the work
        // remembered from before a restart, so that it meets the guards as they will be.
        session.fireAll();
        List<Object> remembered = engineState.load();
        remembered.forEach(session::insert);
        stateMirror = new EngineStateMirror(audit);
        session.addFactListener(stateMirror);
        session.addFactListener(new FactChangeListener() {
            @Override
            public void inserted(Object fact) {
                if (fact instanceof ClassifiedError classified) {
                    justClassified.put(classified.getError(), classified);
                }
            }

            @Override
            public void updated(Object fact) {
            }

            @Override
            public void deleted(Object fact) {
            }
        });
        verifyActionsLostInFlight(remembered);
        evaluate(null);

        var bus = vertx.eventBus();
        List<Future<Void>> consumers = List.of(
                bus.<SignalBatch>consumer(Addresses.ENGINE_SIGNALS, this::onSignals).completion(),
                bus.<Heartbeat>consumer(Addresses.ENGINE_HEARTBEATS, this::onHeartbeat).completion(),
                bus.<List<ErrorReport>>consumer(Addresses.ENGINE_ERRORS, this::onErrors).completion(),
                bus.<AlertBatch>consumer(Addresses.ENGINE_ALERTS, this::onAlerts).completion(),
                bus.<ActionResult>consumer(Addresses.ENGINE_RESULTS, message -> onResult(message.body())).completion(),
                bus.<HealCommand>consumer(Addresses.ENGINE_HEAL, this::onHeal).completion(),
                bus.<SupervisionReport>consumer(Addresses.ENGINE_SUPERVISION, message -> {
                    if (supervision.apply(message.body())) {
                        evaluate(null);
                    }
                }).completion(),
                bus.<Object>consumer(Addresses.ENGINE_SNAPSHOT, this::onSnapshot).completion(),
                bus.<Object>consumer(Addresses.ENGINE_APPROVALS,
                        message -> message.reply(guards.approvals(), LocalCodec.OPTIONS)).completion(),
                bus.<DecideApproval>consumer(Addresses.ENGINE_DECIDE,
                        message -> message.reply(guards.decide(message.body()), LocalCodec.OPTIONS)).completion(),
                bus.<Object>consumer(Addresses.ENGINE_FREEZES,
                        message -> message.reply(guards.freezes(), LocalCodec.OPTIONS)).completion(),
                bus.<Unfreeze>consumer(Addresses.ENGINE_UNFREEZE,
                        message -> message.reply(guards.unfreeze(message.body()))).completion(),
                bus.<CompiledRules>consumer(Addresses.ENGINE_ACTIVATE, this::onActivate).completion(),
                bus.<ShadowStart>consumer(Addresses.ENGINE_SHADOW_START, this::onShadowStart).completion(),
                bus.<Object>consumer(Addresses.ENGINE_SHADOW_REPORT, message -> message.reply(
                        shadow == null ? null : shadow.report(), LocalCodec.OPTIONS)).completion(),
                bus.<Object>consumer(Addresses.ENGINE_SHADOW_STOP, message -> message.reply(
                        stopShadow("discarded"), LocalCodec.OPTIONS)).completion());
        timerId = vertx.setPeriodic(config.engine().tickMs(), id -> {
            applyFailureCounts();
            evaluate(null);
        });
        SessionInvariants invariants = new SessionInvariants(config.selfWatch(), new ActionTimeouts(config));
        metrics.invariants().expect(SessionInvariants.SOURCE, config.selfWatch().intervalMs());
        watchTimerId = vertx.setPeriodic(config.selfWatch().intervalMs(),
                id -> metrics.invariants().checked(SessionInvariants.SOURCE, invariants.check(session)));
        Future.all(consumers).<Void>mapEmpty().onComplete(started);
        LOG.info("self_heal event=engine_started rules_version={} rules={} rules_origin={} services={} facts={} "
                        + "facts_restored={}", rules.version(), rules.shortSha(), rules.origin(), memory.serviceCount(),
                session.factCount(), remembered.size());
    }

    @Override
    public void stop() {
        vertx.cancelTimer(timerId);
        vertx.cancelTimer(watchTimerId);
        stopShadow("engine stopped");
        session.close();
    }

    /**
     * An action that was in flight when the engine stopped has an unknown outcome: it is verified — the
     * service's signals decide — never run again blindly.
     */
    private void verifyActionsLostInFlight(List<Object> remembered) {
        for (Object fact : remembered) {
            if (fact instanceof ActionRequest request) {
                ActionResult unknown = ActionResult.of(request, ActionOutcome.UNKNOWN,
                        "the engine stopped while this action was in flight; verifying instead of repeating it", 0,
                        session.now());
                chain.actionStarted(request); // kept if recorded before the stop; written now if not
                chain.actionFinished(unknown);
                session.insert(unknown);
            }
        }
    }

    private void register(ServiceConfig service, boolean auto) {
        ManagedService managed = new ManagedService(service.id(), service.tier(), auto, service.verifyWindowMs(),
                service.canary(), service.rollbacks().keySet(), service.group());
        memory.register(managed);
        if (service.supervise() != null) {
            supervision.watch(service.id(), service.supervise().probeFailureThreshold());
        }
        if (service.heartbeatIntervalMs() > 0) {
            memory.watchLiveness(service.id(), service.heartbeatIntervalMs(), config.engine().missedHeartbeats(),
                    config.engine().livenessGraceMs());
        }
        if (shadow != null) {
            shadow.register(managed, service.heartbeatIntervalMs(), config.engine().missedHeartbeats(),
                    config.engine().livenessGraceMs());
        }
    }

    /** Makes sure the session knows the service; the HTTP edge already refused unknown ones if it must. */
    private void ensureKnown(String serviceId) {
        if (!memory.knows(serviceId)) {
            Optional<ServiceConfig> listed = config.inventory().find(serviceId);
            register(listed.orElseGet(() -> ServiceConfig.autoRegistered(serviceId, config.inventory().defaultTier())),
                    listed.isEmpty());
            LOG.info("self_heal event=service_registered service={} auto={}", serviceId, listed.isEmpty());
        }
    }

    private void onSignals(Message<SignalBatch> message) {
        long evaluationNanos = System.nanoTime();
        SignalBatch batch = message.body();
        int applied = 0;
        for (Signal signal : batch.signals()) {
            ensureKnown(signal.service());
            if (memory.observe(signal.service(), signal.metric(), signal.value(), signal.timestamp())) {
                applied++;
            }
            if (shadow != null) {
                shadow.observe(signal.service(), signal.metric(), signal.value(), signal.timestamp());
            }
        }
        metrics.signalsIngested(batch.signals().size());
        evaluate(new SignalTiming(batch.acceptedNanos(), evaluationNanos));
        replyWhenWritten(message, applied);
    }

    /**
     * Answers a request once everything its evaluation decided is written to the audit store: a 202 sent on this
     * answer survives the engine's process being killed right after (see docs/operations.md, Durability promise).
     */
    private void replyWhenWritten(Message<?> message, Object answer) {
        audit.written().onComplete(written -> {
            load.taken(message);
            if (written.succeeded()) {
                message.reply(answer, LocalCodec.OPTIONS);
            } else {
                message.fail(500, written.cause().getMessage());
            }
        });
    }

    private void onHeartbeat(Message<Heartbeat> message) {
        Heartbeat heartbeat = message.body();
        ensureKnown(heartbeat.service());
        if (!memory.watchesLiveness(heartbeat.service()) && heartbeat.intervalMs() != null) {
            memory.watchLiveness(heartbeat.service(), heartbeat.intervalMs(), config.engine().missedHeartbeats(), 0);
            if (shadow != null) {
                shadow.memory().watchLiveness(heartbeat.service(), heartbeat.intervalMs(),
                        config.engine().missedHeartbeats(), 0);
            }
        }
        memory.heartbeat(heartbeat.service());
        if (shadow != null) {
            shadow.heartbeat(heartbeat.service());
        }
        metrics.heartbeatReceived();
        evaluate(null);
        replyWhenWritten(message, memory.watchesLiveness(heartbeat.service()));
    }

    /**
     * Errors become ErrorEvent facts; the error-taxonomy rows classify each in the same evaluation, and the
     * answer says which failure class (and row) each got.
     */
    private void onErrors(Message<List<ErrorReport>> message) {
        List<ErrorEvent> events = new java.util.ArrayList<>();
        List<Long> reportedAt = new java.util.ArrayList<>();
        for (ErrorReport report : message.body()) {
            ensureKnown(report.service());
            long now = session.now();
            long reported = report.timestamp() == null ? now : report.timestamp();
            reportedAt.add(reported);
            // A late report is still classified (its fact must outlive this evaluation), but it only counts
            // toward a policy's "last minute" by its own time.
            long at = Math.max(reported, now - LATE_ERROR_MS);
            java.util.function.Supplier<ErrorEvent> event = () -> new ErrorEvent(report.service(),
                    report.exceptionType(), report.message(), report.stackExcerpt(), report.exitCode(), at);
            events.add(event.get());
            session.insert(events.get(events.size() - 1));
            if (shadow != null) {
                shadow.insert(event.get()); // a fact of its own: rules consume ErrorEvents
            }
        }
        justClassified.clear();
        evaluate(null);
        List<ErrorClassification> answer = new java.util.ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ErrorEvent event = events.get(i);
            ClassifiedError classified = justClassified.get(event);
            String failureClass = classified == null ? ClassifiedError.UNCLASSIFIED : classified.getFailureClass();
            String rule = classified == null ? null : classified.getClassifiedBy();
            metrics.errorClassified(failureClass);
            failures.record(event.getServiceId(), failureClass, reportedAt.get(i));
            LOG.info("self_heal event=error_classified rule=\"{}\" service={} class={} exception={} exit_code={}",
                    rule, event.getServiceId(), failureClass, LogText.clean(event.getExceptionType()), event.getExitCode());
            answer.add(new ErrorClassification(event.getServiceId(), failureClass, rule));
        }
        justClassified.clear();
        applyFailureCounts();
        evaluate(null);
        replyWhenWritten(message, answer);
    }

    /** Brings the failures:<class> metric states up to date: new errors counted, old ones aged out. */
    private void applyFailureCounts() {
        for (FailureCounts.Count count : failures.changes(session.now())) {
            observeDerived(count.service(), count.metric(), count.count());
        }
    }

    /** A metric state the engine derives itself (failures:<class>, probe:*), stamped with the engine's time. */
    private void observeDerived(String serviceId, String metric, double value) {
        memory.observe(serviceId, metric, value, null);
        if (shadow != null) {
            shadow.observe(serviceId, metric, value, null);
        }
    }

    /**
     * The alerts of one Alertmanager webhook: each updates its alert in place, then one evaluation; the
     * reply says what each did and which incident answers it.
     */
    private void onAlerts(Message<AlertBatch> message) {
        long evaluationNanos = System.nanoTime();
        List<AlertNotice> notices = message.body().alerts();
        notices.forEach(notice -> ensureKnown(notice.service()));
        List<AlertIndex.Change> changes = alerts.apply(notices);
        if (shadow != null) {
            shadow.alerts(notices);
        }
        evaluate(new SignalTiming(message.body().acceptedNanos(), evaluationNanos));
        replyWhenWritten(message, alerts.receipts(notices, changes));
    }

    private void onResult(ActionResult result) {
        inFlight--;
        chain.actionFinished(result);
        session.insert(result);
        evaluate(null);
    }

    private void onHeal(Message<HealCommand> message) {
        HealCommand command = message.body();
        ensureKnown(command.serviceId());
        ManualHealRequest request = new ManualHealRequest(command.serviceId(), command.action(), command.reason(),
                command.requestedBy());
        FactRef ref = session.insert(request);
        evaluate(null);
        session.delete(ref);
        replyWhenWritten(message, request.isAnswered() ? new HealAnswer(request.getIncidentId(), request.getRefusal())
                : new HealAnswer(null, "no rule accepted the request"));
    }

    /**
     * Moves the session to another version of the rules between two messages, so that every signal is
     * judged by exactly one version: the ones before by the old rules, the ones after by the new.
     */
    private void onActivate(Message<CompiledRules> message) {
        CompiledRules next = message.body();
        CompiledRules previous = rules;
        long started = System.nanoTime();
        try {
            session.swapTo(next);
        } catch (RuntimeException e) {
            LOG.error("self_heal event=rules_activation_failed version={} sha256={} kept={} reason=\"{}\"",
                    next.version(), next.shortSha(), previous.version(), LogText.clean(e.getMessage()), e);
            message.fail(500, "the session could not move to " + next.version() + ": " + e.getMessage());
            return;
        }
        long swapMillis = (System.nanoTime() - started) / 1_000_000;
        stopShadow(shadow != null && shadow.candidate().sha256().equals(next.sha256()) ? "promoted" : "another version was activated");
        rules = next;
        sink.rulesVersion(next.shortSha());
        LOG.info("self_heal event=rules_activated version={} sha256={} release={} previous={} previous_sha256={} "
                        + "swap_ms={} facts={}", next.version(), next.shortSha(), next.releaseId(), previous.version(),
                previous.shortSha(), swapMillis, session.factCount());
        evaluate(null);
        message.reply(new RulesActivated(previous.version(), previous.sha256(), swapMillis), LocalCodec.OPTIONS);
    }

    /**
     * Starts running a candidate version beside the active one. It starts from what the active session
     * knows of the services, not from their incidents: services with an incident open now are noted, and
     * their differences are reported apart.
     */
    private void onShadowStart(Message<ShadowStart> message) {
        if (shadow != null) {
            message.fail(409, "version " + shadow.candidate().version() + " is already running in shadow");
            return;
        }
        Set<String> busy = session.facts(Incident.class).stream().filter(Incident::isOpen).map(Incident::getServiceId)
                .collect(java.util.stream.Collectors.toSet());
        ShadowStart start = message.body();
        try {
            shadow = new ShadowRun(start.candidate(), start.periodMs(), busy);
        } catch (RuntimeException e) {
            message.fail(500, "the candidate could not start in shadow: " + e.getMessage());
            return;
        }
        memory.registerAllIn(shadow.memory(), config.engine().livenessGraceMs());
        shadow.evaluate();
        LOG.info("self_heal event=shadow_started version={} sha256={} period_ms={} busy_services={}",
                start.candidate().version(), start.candidate().shortSha(), start.periodMs(), busy.size());
        message.reply(shadow.report(), LocalCodec.OPTIONS);
    }

    /** Ends the shadow run, if any, and returns its last report. */
    private ShadowReport stopShadow(String why) {
        if (shadow == null) {
            return null;
        }
        ShadowReport last = shadow.report();
        shadow.close();
        shadow = null;
        LOG.info("self_heal event=shadow_ended version={} outcome=\"{}\" signals={} active_decisions={} "
                        + "shadow_decisions={} differences={}", last.candidateVersion(), why, last.signals(),
                last.activeDecisions(), last.shadowDecisions(), last.realDifferences());
        return last;
    }

    private void onSnapshot(Message<Object> message) {
        long open = session.facts(Incident.class).stream().filter(Incident::isOpen).count();
        message.reply(new EngineSnapshot(rules.version(), rules.origin(), rules.releaseId(), rules.sha256(),
                session.factCount(), open,
                session.facts(ActionRequest.class).size(), memory.serviceCount(), memory.metricCount()),
                LocalCodec.OPTIONS);
    }

    /**
     * One evaluation, then the I/O it decided: audit and log every step, dispatch every approved action. Its writes
     * go to the audit writer as one batch (one group, one file write), each action leaving once that is written.
     */
    private void evaluate(SignalTiming timing) {
        session.fireAll();
        List<DecisionStep> steps = sink.drainSteps();
        List<ActionRequest> dispatches = sink.drainDispatches();
        audit.gather();
        try {
            chain.steps(steps, memory::metricsJson);
            if (shadow != null) {
                shadow.evaluate();
                shadow.activeDecided(steps, dispatches);
            }
            // The in-flight rows first, then each action's own record; it leaves once both are written.
            stateMirror.flush();
            for (ActionRequest request : dispatches) {
                inFlight++;
                launcher.launch(request, timing);
            }
        } finally {
            audit.release();
        }
        metrics.sessionFacts(session.factCount());
        metrics.actionsInFlight(inFlight);
    }
}
