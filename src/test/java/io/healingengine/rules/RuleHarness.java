package io.healingengine.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test harness for one or a few rule files: compiles only those files from the project (executable
 * model, STREAM mode), opens a session on a pseudo clock and records fired rules and sink calls.
 *
 * <pre>
 * harness.insert(liveness);                              // given
 * harness.advance(Duration.ofSeconds(4)).fireAll();      // when
 * assertThat(harness.firedRules()).contains("service-down-on-missed-heartbeats");   // then
 * </pre>
 */
public final class RuleHarness implements AutoCloseable {
    /** 2026-01-01T00:00:00Z: a fixed start keeps test output reproducible. */
    public static final long START = 1_767_225_600_000L;
    private static final Map<String, CompiledRules> COMPILED = new ConcurrentHashMap<>();

    private final RuleSession session;
    private final RecordingSink sink = new RecordingSink();
    private final List<String> fired = new ArrayList<>();

    private RuleHarness(CompiledRules rules) {
        this.session = RuleSession.open(rules, true, START, sink, (rule, matched) -> fired.add(rule));
        sink.bind(session.currentRuleSupplier());
    }

    /** Compiles the given files (relative to the project root); compilations are cached per file set. */
    public static RuleHarness of(String... files) {
        String key = String.join("|", files);
        CompiledRules rules = COMPILED.computeIfAbsent(key,
                k -> RuleCompiler.compile(RuleSource.fromFiles(projectRoot(), files)));
        return new RuleHarness(rules);
    }

    /** Rules from any source, e.g. a changed copy of a table; not cached. */
    public static RuleHarness of(RuleSource source) {
        return new RuleHarness(RuleCompiler.compile(source));
    }

    /** The whole shipped rule set (rules/ and decision-tables/). */
    public static RuleHarness ofProject() {
        CompiledRules rules = COMPILED.computeIfAbsent("<project>",
                k -> RuleCompiler.compile(RuleSource.fromProjectDirectory(projectRoot())));
        return new RuleHarness(rules);
    }

    static Path projectRoot() {
        return Path.of("").toAbsolutePath();
    }

    public RuleHarness insert(Object... facts) {
        for (Object fact : facts) {
            session.insert(fact);
        }
        return this;
    }

    public RuleHarness update(Object fact) {
        FactRef handle = session.refOf(fact);
        if (handle == null) {
            throw new IllegalArgumentException("not in working memory: " + fact);
        }
        session.update(handle, fact);
        return this;
    }

    public RuleHarness delete(Object fact) {
        FactRef handle = session.refOf(fact);
        if (handle == null) {
            throw new IllegalArgumentException("not in working memory: " + fact);
        }
        session.delete(handle);
        return this;
    }

    public RuleHarness advance(Duration by) {
        session.advance(by);
        return this;
    }

    public RuleHarness fireAll() {
        session.fireAll();
        return this;
    }

    /** Names of the rules fired since creation or the last {@link #clearFired()}, in firing order. */
    public List<String> firedRules() {
        return List.copyOf(fired);
    }

    public RuleHarness clearFired() {
        fired.clear();
        sink.clear();
        return this;
    }

    public <T> List<T> facts(Class<T> type) {
        return session.facts(type);
    }

    public <T> T single(Class<T> type) {
        List<T> found = facts(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + " but found " + found);
        }
        return found.get(0);
    }

    public long now() {
        return session.now();
    }

    public RecordingSink sink() {
        return sink;
    }

    public RuleSession session() {
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
