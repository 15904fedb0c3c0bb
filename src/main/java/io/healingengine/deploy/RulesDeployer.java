package io.healingengine.deploy;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.RulesActivated;
import io.healingengine.bus.ShadowReport;
import io.healingengine.bus.ShadowStart;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleBuildException;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleProblem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys kjars to the running engine and rolls them back. A kjar is loaded and checked beside the
 * running rules (off the engine thread), kept in the {@link KjarDepot}, and only then handed to the rule
 * engine verticle, which moves its session between two messages. An invalid kjar never reaches the
 * engine: the rules that run keep running. One deploy at a time; a second one meanwhile is refused.
 */
public final class RulesDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(RulesDeployer.class);
    private static final long ACTIVATE_TIMEOUT_MS = 60_000;

    private final Vertx vertx;
    private final KjarDepot depot;
    private final Clock clock;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final KjarSignature signature;
    private volatile CompiledRules running;
    private volatile CompiledRules shadowCandidate;
    private long shadowTimer = -1;

    /** @param running the rules the engine started with */
    public RulesDeployer(Vertx vertx, KjarDepot depot, CompiledRules running, Clock clock) {
        this(vertx, depot, running, clock, null);
    }

    /**
     * @param running   the rules the engine started with
     * @param signature the signature every new kjar (deploy, shadow, followed release) must carry, or null for
     *                  none; versions already kept are trusted on roll back
     */
    public RulesDeployer(Vertx vertx, KjarDepot depot, CompiledRules running, Clock clock, KjarSignature signature) {
        this.vertx = vertx;
        this.depot = depot;
        this.running = running;
        this.clock = clock;
        this.signature = signature;
    }

    /** What a deploy or roll back did. {@code entry} is empty when the kjar was already the active one. */
    public record Outcome(Optional<Deployment> entry, CompiledRules active, String previousVersion) {
    }

    public CompiledRules running() {
        return running;
    }

    public KjarDepot depot() {
        return depot;
    }

    /**
     * Deploys a kjar: loads and checks it, keeps it, activates it, records it.
     *
     * @param action "deploy", or "follow" for a release found in a followed repository
     */
    public Future<Outcome> deploy(byte[] kjar, String origin, String action, String by, String note) {
        return exclusively(() -> vertx.<CompiledRules>executeBlocking(() -> {
            requireSigned(kjar, origin);
            CompiledRules candidate = check(kjar, origin);
            refuseChangedRelease(candidate);
            return candidate;
        }, false).compose(candidate -> candidate.sameVersionAs(running)
                ? Future.succeededFuture(new Outcome(Optional.empty(), running, running.version()))
                : activate(candidate, action, by, note)));
    }

    /**
     * Returns to an earlier version: the one active before the current one, or the newest one whose
     * version, SHA-256 or SHA-256 prefix is {@code to}.
     */
    public Future<Outcome> rollback(String to, String by, String note) {
        return exclusively(() -> vertx.<CompiledRules>executeBlocking(() -> {
            Deployment target = (to == null ? depot.previous() : depot.find(to)).orElseThrow(() -> to == null
                    ? new DeployRefused(DeployRefused.Reason.NOTHING_TO_ROLL_BACK,
                            "there is no earlier version to roll back to (GET /api/v1/kjars lists the history)")
                    : new DeployRefused(DeployRefused.Reason.NO_SUCH_VERSION, "no kept version is '" + to
                            + "' (GET /api/v1/kjars lists the versions; name one by version or sha256)"));
            return check(depot.read(target.sha256()), target.origin());
        }, false).compose(candidate -> candidate.sameVersionAs(running)
                ? Future.succeededFuture(new Outcome(Optional.empty(), running, running.version()))
                : activate(candidate, "rollback", by, note)));
    }

    private <T> Future<T> exclusively(java.util.function.Supplier<Future<T>> work) {
        if (!busy.compareAndSet(false, true)) {
            return Future.failedFuture(new DeployRefused(DeployRefused.Reason.BUSY,
                    "another deploy or roll back is in progress; try again when it is done"));
        }
        try {
            return work.get().onComplete(done -> busy.set(false));
        } catch (RuntimeException e) {
            busy.set(false);
            return Future.failedFuture(e);
        }
    }

    private void requireSigned(byte[] kjar, String origin) {
        if (signature != null) {
            signature.verify(kjar, origin);
        }
    }

    /** Loads the kjar beside the running rules and checks that this engine can run it. Blocking. */
    static CompiledRules check(byte[] kjar, String origin) {
        CompiledRules candidate;
        try {
            candidate = RuleCompiler.load(kjar, origin);
        } catch (RuleBuildException e) {
            throw new DeployRefused(DeployRefused.Reason.INVALID, "the kjar is not valid: " + e.problems().size()
                    + " problem(s)", e.problems());
        }
        boolean declaresSink = candidate.declaresGlobal("sink");
        long rules = candidate.ruleCount();
        if (!declaresSink || rules == 0) {
            throw new DeployRefused(DeployRefused.Reason.INVALID, "the kjar would not run in this engine",
                    List.of(new RuleProblem(origin, "", rules == 0 ? "its default rule base has no rules"
                            : "no rule declares the global 'sink' (io.healingengine.domain.DecisionSink): its rules "
                            + "could decide nothing; is it a healing-engine kjar?", true)));
        }
        return candidate;
    }

    /**
     * A released version is immutable: the same release id with other bytes is a mistake. SNAPSHOTs may
     * change; rules compiled from sources carry their sources' checksum as version, so the same id means
     * the same sources (their kjar bytes differ from one compile to the next).
     */
    private void refuseChangedRelease(CompiledRules candidate) {
        if (candidate.releaseId().endsWith("-SNAPSHOT") || candidate.compiledFromSources()) {
            return;
        }
        depot.history().stream()
                .filter(entry -> entry.releaseId().equals(candidate.releaseId()) && !entry.sha256().equals(candidate.sha256()))
                .findFirst()
                .ifPresent(entry -> {
                    throw new DeployRefused(DeployRefused.Reason.RELEASE_CHANGED, "release " + candidate.releaseId()
                            + " was deployed before with other content (sha256 " + entry.shortSha() + ", now "
                            + candidate.shortSha() + "); a released version never changes: give the kjar a new version");
                });
    }

    private Future<Outcome> activate(CompiledRules candidate, String action, String by, String note) {
        CompiledRules previous = running;
        return vertx.executeBlocking(() -> {
            keepBaseline(previous);
            depot.store(candidate.sha256(), candidate.kjar());
            return null;
        }, false).compose(stored -> vertx.eventBus().<RulesActivated>request(Addresses.ENGINE_ACTIVATE, candidate,
                LocalCodec.withTimeout(ACTIVATE_TIMEOUT_MS)))
                .recover(failure -> Future.failedFuture(failure instanceof DeployRefused ? failure
                        : new DeployRefused(DeployRefused.Reason.ACTIVATION_FAILED, failure.getMessage())))
                .map(Message::body)
                .compose(activated -> {
                    running = candidate;
                    endShadowBookkeeping();
                    return vertx.executeBlocking(() -> depot.append(new Deployment(0, action, candidate.releaseId(),
                            candidate.version(), candidate.sha256(), candidate.origin(), clock.instant(), by, note,
                            activated.swapMillis())), false);
                })
                .map(entry -> {
                    LOG.info("self_heal event=rules_deployed action={} version={} sha256={} previous={} by=\"{}\" "
                                    + "swap_ms={}", action, entry.version(), entry.shortSha(), previous.version(), by,
                            entry.swapMillis());
                    return new Outcome(Optional.of(entry), candidate, previous.version());
                });
    }

    /**
     * Runs a kjar in shadow for {@code period}: it sees the same signals as the active rules and decides
     * without acting. When the period ends it is promoted if it decided exactly as the active version,
     * and otherwise waits for {@link #promote} or {@link #discard}.
     */
    public Future<ShadowReport> shadow(byte[] kjar, String origin, Duration period, String by, String note) {
        return exclusively(() -> {
            if (shadowCandidate != null) {
                return Future.failedFuture(new DeployRefused(DeployRefused.Reason.SHADOW_CONFLICT, "version "
                        + shadowCandidate.version() + " is already running in shadow: promote or discard it first"));
            }
            return vertx.<CompiledRules>executeBlocking(() -> {
                requireSigned(kjar, origin);
                CompiledRules candidate = check(kjar, origin);
                refuseChangedRelease(candidate);
                if (candidate.sameVersionAs(running)) {
                    throw new DeployRefused(DeployRefused.Reason.SHADOW_CONFLICT,
                            "this kjar is the active version: there is nothing to compare it with");
                }
                keepBaseline(running);
                depot.store(candidate.sha256(), candidate.kjar());
                return candidate;
            }, false).compose(candidate -> vertx.eventBus().<ShadowReport>request(Addresses.ENGINE_SHADOW_START,
                            new ShadowStart(candidate, period.toMillis()), LocalCodec.withTimeout(ACTIVATE_TIMEOUT_MS))
                    .recover(failure -> Future.failedFuture(new DeployRefused(DeployRefused.Reason.SHADOW_CONFLICT,
                            failure.getMessage())))
                    .map(Message::body)
                    .compose(report -> {
                        shadowCandidate = candidate;
                        shadowTimer = vertx.setTimer(Math.max(1, period.toMillis()), id -> endOfShadowPeriod(candidate, period));
                        return vertx.executeBlocking(() -> depot.append(new Deployment(0, "shadow-started",
                                candidate.releaseId(), candidate.version(), candidate.sha256(), candidate.origin(),
                                clock.instant(), by, (note.isEmpty() ? "" : note + "; ") + "shadow for " + period, -1)),
                                false).map(entry -> report);
                    }));
        });
    }

    /** How the version in shadow compares so far; empty when none runs. */
    public Future<Optional<ShadowReport>> shadowReport() {
        return vertx.eventBus().<ShadowReport>request(Addresses.ENGINE_SHADOW_REPORT, "", LocalCodec.withTimeout(5_000))
                .map(message -> Optional.ofNullable(message.body()));
    }

    /** Activates the version running in shadow, whatever its differences (a person decided). */
    public Future<Outcome> promote(String by, String note) {
        CompiledRules candidate = shadowCandidate;
        if (candidate == null) {
            return Future.failedFuture(new DeployRefused(DeployRefused.Reason.SHADOW_CONFLICT,
                    "no version is running in shadow"));
        }
        return shadowReport().compose(report -> exclusively(() -> activate(candidate, "promote", by,
                (note.isEmpty() ? "" : note + "; ") + report.map(RulesDeployer::summary).orElse("shadow report lost"))));
    }

    /** Stops the version running in shadow; the active one goes on. */
    public Future<ShadowReport> discard(String by, String note) {
        CompiledRules candidate = shadowCandidate;
        if (candidate == null) {
            return Future.failedFuture(new DeployRefused(DeployRefused.Reason.SHADOW_CONFLICT,
                    "no version is running in shadow"));
        }
        return vertx.eventBus().<ShadowReport>request(Addresses.ENGINE_SHADOW_STOP, "", LocalCodec.withTimeout(5_000))
                .map(Message::body)
                .compose(last -> {
                    endShadowBookkeeping();
                    return vertx.executeBlocking(() -> depot.append(new Deployment(0, "shadow-discarded",
                            candidate.releaseId(), candidate.version(), candidate.sha256(), candidate.origin(),
                            clock.instant(), by, (note.isEmpty() ? "" : note + "; ")
                            + (last == null ? "" : summary(last)), -1)), false).map(entry -> last);
                });
    }

    public Optional<CompiledRules> shadowCandidate() {
        return Optional.ofNullable(shadowCandidate);
    }

    private void endOfShadowPeriod(CompiledRules candidate, Duration period) {
        shadowReport().onSuccess(found -> found.filter(report -> report.candidateSha256().equals(candidate.sha256()))
                .ifPresent(report -> {
                    if (report.realDifferences() == 0) {
                        LOG.info("self_heal event=shadow_promoting version={} {}", candidate.version(), summary(report));
                        exclusively(() -> activate(candidate, "promote", "engine", "no difference over the shadow period of "
                                + period + "; " + summary(report)))
                                .onFailure(e -> LOG.error("self_heal event=shadow_promotion_failed version={} reason=\"{}\"",
                                        candidate.version(), e.getMessage()));
                    } else {
                        LOG.warn("self_heal event=shadow_differs version={} differences={} {} outcome=waiting "
                                + "(promote or discard: POST /api/v1/kjars/shadow/promote|discard)",
                                candidate.version(), report.realDifferences(), summary(report));
                    }
                }));
    }

    private void endShadowBookkeeping() {
        shadowCandidate = null;
        if (shadowTimer >= 0) {
            vertx.cancelTimer(shadowTimer);
            shadowTimer = -1;
        }
    }

    static String summary(ShadowReport report) {
        return "shadow saw " + report.signals() + " signals; active decisions " + report.activeDecisions()
                + ", shadow decisions " + report.shadowDecisions() + ", differences " + report.realDifferences()
                + (report.busyServices().isEmpty() ? "" : " (plus those of " + report.busyServices().size()
                + " service(s) busy at the start)");
    }

    /** Before the first deploy, the rules the engine started with become the history's first entry. */
    private void keepBaseline(CompiledRules started) {
        if (depot.active().isEmpty()) {
            depot.store(started.sha256(), started.kjar());
            depot.append(new Deployment(0, "baseline", started.releaseId(), started.version(), started.sha256(),
                    started.origin(), clock.instant(), "engine", "the rules the engine ran before the first deploy", -1));
        }
    }
}
