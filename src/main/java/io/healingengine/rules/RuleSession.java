package io.healingengine.rules;

import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.EngineTick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.drools.core.common.EqualityKey;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.KieServices;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * The one stateful STREAM-mode KieSession of the engine. Not thread-safe by design: exactly one
 * owner (the rule engine verticle, or a test) calls it. Keeps the {@link EngineTick} fact in step with
 * the session clock at every evaluation (in steps of {@link #TICK_STEP_MS} with the real clock).
 */
public final class RuleSession implements AutoCloseable {
    /**
     * How far the real clock runs ahead before {@link EngineTick} follows. Every update of the tick
     * re-evaluates each deadline rule against all its facts (cooldowns, verifying incidents, recent
     * actions): advanced at every evaluation, i.e. up to thousands of times a second under load, it took
     * most of the engine thread once thousands of actions had run (docs/benchmarks.md). The periodic tick
     * ({@code engine.tickMs}) still checks deadlines when nothing arrives.
     */
    public static final long TICK_STEP_MS = 20;
    private final KieSessionConfiguration conf;
    private final boolean pseudoClock;
    private final EngineTick tick;
    private final FiredRuleRecorder recorder;
    private final DecisionSink sink;
    private final List<RuleRuntimeEventListener> factListeners = new ArrayList<>();
    private KieSession session;
    private FactHandle tickHandle;
    private int generation;

    private RuleSession(KieSessionConfiguration conf, KieSession session, boolean pseudoClock, FiredRuleRecorder recorder,
                        DecisionSink sink) {
        this.conf = conf;
        this.session = session;
        this.pseudoClock = pseudoClock;
        this.recorder = recorder;
        this.sink = sink;
        this.tick = new EngineTick(session.getSessionClock().getCurrentTime());
        this.tickHandle = session.insert(tick);
    }

    /**
     * Opens a session on the container's default kbase.
     *
     * @param pseudoClock   a pseudo clock (tests, simulation) instead of the real one
     * @param startAtMillis for a pseudo clock, the epoch ms it starts at
     */
    public static RuleSession open(CompiledRules rules, boolean pseudoClock, long startAtMillis, DecisionSink sink,
                                   RuleFiringListener listener) {
        KieSessionConfiguration conf = KieServices.get().newKieSessionConfiguration();
        conf.setOption(pseudoClock ? ClockTypeOption.PSEUDO : ClockTypeOption.REALTIME);
        FiredRuleRecorder recorder = new FiredRuleRecorder(listener);
        KieSession session = newSession(rules, conf, pseudoClock ? startAtMillis : -1, sink, recorder);
        return new RuleSession(conf, session, pseudoClock, recorder, sink);
    }

    private static KieSession newSession(CompiledRules rules, KieSessionConfiguration conf, long pseudoStart,
                                         DecisionSink sink, FiredRuleRecorder recorder) {
        KieSession session = rules.container().newKieSession(conf);
        if (pseudoStart >= 0) {
            SessionPseudoClock clock = session.getSessionClock();
            clock.advanceTime(pseudoStart - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
        }
        if (rules.declaresGlobal("sink")) {
            session.setGlobal("sink", sink);
        }
        session.addEventListener(recorder);
        return session;
    }

    /**
     * Moves this session to another version of the rules: a session of the new version is opened, every
     * fact inserted from outside or by a rule's {@code insert} moves into it, and the facts that rules
     * derived with {@code insertLogical} are left to the new version's rules to derive again (from the
     * next {@link #fireAll()}, table rows first). Events keep their own timestamps, hence their expiry.
     * Listeners and references ({@link FactRef}) carry over; the old session is disposed. All or nothing:
     * if the new session cannot take the facts, it is dropped and this one keeps running as it was.
     * Call between evaluations, from the owner thread.
     *
     * <p>Why not Drools' in-place update ({@code KieContainer.updateToVersion})? With the executable model
     * it rebuilds the whole rule base anyway (its generated classes always differ between two builds), and
     * it fails half way when the running rules declare types in a package the new version lacks.
     */
    public void swapTo(CompiledRules next) {
        KieSession fresh = newSession(next, conf, pseudoClock ? now() : -1, sink, recorder);
        try {
            List<Object> stated = new ArrayList<>();
            session.getFactHandles().stream()
                    .map(InternalFactHandle.class::cast)
                    .filter(handle -> handle.getEqualityKey() == null
                            || handle.getEqualityKey().getStatus() == EqualityKey.STATED)
                    .sorted(java.util.Comparator.comparingLong(InternalFactHandle::getId))
                    .forEach(handle -> stated.add(handle.getObject()));
            stated.forEach(fresh::insert);
            factListeners.forEach(fresh::addEventListener);
        } catch (RuntimeException | LinkageError e) {
            fresh.dispose();
            throw new RuleBuildException(List.of(new RuleProblem(next.origin(), "",
                    "the running facts could not move to this version: " + e, true)));
        }
        KieSession old = session;
        session = fresh;
        tickHandle = fresh.getFactHandle(tick);
        generation++;
        old.dispose();
    }

    public FactRef insert(Object fact) {
        return new FactRef(fact, session.insert(fact), generation);
    }

    public void update(FactRef ref, Object fact) {
        session.update(handle(ref), fact);
    }

    public void delete(FactRef ref) {
        session.delete(handle(ref));
    }

    /** The handle of a reference in the current session, looked up again after a swap. */
    private FactHandle handle(FactRef ref) {
        if (ref.generation != generation) {
            ref.handle = session.getFactHandle(ref.fact);
            ref.generation = generation;
        }
        return ref.handle;
    }

    /** The reference of a fact in working memory, or null when it is not there. */
    public FactRef refOf(Object fact) {
        FactHandle handle = session.getFactHandle(fact);
        return handle == null ? null : new FactRef(fact, handle, generation);
    }

    /**
     * Brings {@link EngineTick} up to the session clock — with the real clock only once it is at least
     * {@link #TICK_STEP_MS} behind — and fires every rule that is due.
     */
    public int fireAll() {
        long now = now();
        if (now != tick.getNow() && (pseudoClock || now - tick.getNow() >= TICK_STEP_MS)) {
            tick.setNow(now);
            session.update(tickHandle, tick);
        }
        return session.fireAllRules();
    }

    /** Session clock, epoch ms. */
    public long now() {
        return session.getSessionClock().getCurrentTime();
    }

    /**
     * The engine clock the rules see ({@link EngineTick}), epoch ms: with the real clock it advances in
     * steps of at least {@link #TICK_STEP_MS}, with a pseudo clock exactly. Facts that rules compare with
     * times the rules took from {@link EngineTick} (a metric's last update, a heartbeat) are stamped with it,
     * so "after the action started" means a later step, never a few ms before it.
     */
    public long engineNow() {
        return tick.getNow();
    }

    /** Advances a pseudo clock (tests and simulations only). */
    public void advance(Duration by) {
        if (!pseudoClock) {
            throw new IllegalStateException("advance() needs a pseudo clock");
        }
        SessionPseudoClock clock = session.getSessionClock();
        clock.advanceTime(by.toMillis(), TimeUnit.MILLISECONDS);
    }

    public <T> List<T> facts(Class<T> type) {
        Collection<? extends Object> objects = session.getObjects(type::isInstance);
        List<T> result = new ArrayList<>(objects.size());
        for (Object o : objects) {
            result.add(type.cast(o));
        }
        return result;
    }

    public long factCount() {
        return session.getFactCount();
    }

    /** Reports every fact change from now on to {@code listener} (not the facts a swap moves across). */
    public void addFactListener(FactChangeListener listener) {
        RuleRuntimeEventListener forwarder = new RuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                listener.inserted(event.getObject());
            }

            @Override
            public void objectUpdated(ObjectUpdatedEvent event) {
                listener.updated(event.getObject());
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                listener.deleted(event.getOldObject());
            }
        };
        factListeners.add(forwarder);
        session.addEventListener(forwarder);
    }

    /** The rule whose consequence is running now, or null outside a firing. */
    public String currentRule() {
        return recorder.currentRule();
    }

    /** A supplier of {@link #currentRule()}, for the decision sink. */
    public Supplier<String> currentRuleSupplier() {
        return recorder::currentRule;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
