package io.healingengine.rules;

import io.healingengine.domain.DecisionSink;
import io.healingengine.domain.EngineTick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.kie.builder.impl.KieContainerImpl;
import org.kie.api.KieServices;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * The one stateful STREAM-mode KieSession of the engine. Not thread-safe by design: exactly one
 * owner (the rule engine verticle, or a test) calls it. Keeps the {@link EngineTick} fact in step with
 * the session clock before every evaluation.
 */
public final class RuleSession implements AutoCloseable {
    private final KieContainer container;
    private final KieSession session;
    private final boolean pseudoClock;
    private final EngineTick tick;
    private final FactHandle tickHandle;
    private final FiredRuleRecorder recorder;

    private RuleSession(KieContainer container, KieSession session, boolean pseudoClock, FiredRuleRecorder recorder) {
        this.container = container;
        this.session = session;
        this.pseudoClock = pseudoClock;
        this.recorder = recorder;
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
        KieSession session = rules.container().newKieSession(conf);
        if (pseudoClock) {
            SessionPseudoClock clock = session.getSessionClock();
            clock.advanceTime(startAtMillis - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
        }
        boolean declaresSink = session.getKieBase().getKiePackages().stream()
                .flatMap(pkg -> pkg.getGlobalVariables().stream())
                .anyMatch(global -> global.getName().equals("sink"));
        if (declaresSink) {
            session.setGlobal("sink", sink);
        }
        FiredRuleRecorder recorder = new FiredRuleRecorder(listener);
        session.addEventListener(recorder);
        return new RuleSession(rules.container(), session, pseudoClock, recorder);
    }

    /**
     * Moves this session to another version of the rules, in place: the facts stay, rules that did not
     * change keep their matches, removed rules stop and new or changed rules are matched against the
     * facts already there (Drools' incremental update). Call between evaluations, from the owner thread.
     *
     * @throws RuleBuildException when Drools reports errors; the session then keeps the rules it had
     */
    public void swapTo(CompiledRules next) {
        KieServices ks = KieServices.get();
        // A fresh module from the bytes, so that a version deployed before (a roll back) is not taken from
        // the repository under a release id that another kjar may have reused since.
        InternalKieModule module = (InternalKieModule) ks.getRepository()
                .addKieModule(ks.getResources().newByteArrayResource(next.kjar()));
        Results results = ((KieContainerImpl) container).updateToKieModule(module);
        List<RuleProblem> errors = results.getMessages(Message.Level.ERROR).stream()
                .map(m -> new RuleProblem(next.origin(), m.getLine() > 0 ? "line " + m.getLine() : "", m.getText(), true))
                .toList();
        if (!errors.isEmpty()) {
            throw new RuleBuildException(errors);
        }
    }

    public FactRef insert(Object fact) {
        return new FactRef(session.insert(fact));
    }

    public void update(FactRef ref, Object fact) {
        session.update(ref.handle, fact);
    }

    public void delete(FactRef ref) {
        session.delete(ref.handle);
    }

    /** The reference of a fact in working memory, or null when it is not there. */
    public FactRef refOf(Object fact) {
        FactHandle handle = session.getFactHandle(fact);
        return handle == null ? null : new FactRef(handle);
    }

    /** Brings {@link EngineTick} up to the session clock and fires every rule that is due. */
    public int fireAll() {
        long now = now();
        if (tick.getNow() != now) {
            tick.setNow(now);
            session.update(tickHandle, tick);
        }
        return session.fireAllRules();
    }

    /** Session clock, epoch ms. */
    public long now() {
        return session.getSessionClock().getCurrentTime();
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

    /** Reports every fact change from now on to {@code listener}. */
    public void addFactListener(FactChangeListener listener) {
        session.addEventListener(new org.kie.api.event.rule.RuleRuntimeEventListener() {
            @Override
            public void objectInserted(org.kie.api.event.rule.ObjectInsertedEvent event) {
                listener.inserted(event.getObject());
            }

            @Override
            public void objectUpdated(org.kie.api.event.rule.ObjectUpdatedEvent event) {
                listener.updated(event.getObject());
            }

            @Override
            public void objectDeleted(org.kie.api.event.rule.ObjectDeletedEvent event) {
                listener.deleted(event.getOldObject());
            }
        });
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
