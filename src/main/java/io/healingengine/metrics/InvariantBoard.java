package io.healingengine.metrics;

import io.healingengine.metrics.InvariantViolation.Finding;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invariants of the engine that do not hold now. Two kinds of report: a periodic check replaces
 * all findings of its source at once (what it no longer finds is restored); an event (a blocked thread,
 * a failed audit write) stays open until {@code eventWindowMs} pass without it happening again. A source
 * that promised a period and has not checked for three periods is itself a violation
 * ({@code self_watch_stalled}): the part that checks is stuck. Each violation is logged once when it
 * opens ({@code self_heal event=invariant_violated}) and once when it clears, and counted. Thread-safe.
 */
public final class InvariantBoard {
    static final String STALLED = "self_watch_stalled";
    private static final Logger LOG = LoggerFactory.getLogger(InvariantBoard.class);

    private record Key(String invariant, String subject) {
    }

    private record Watched(long periodMs, long lastCheckedAt) {
    }

    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Map<Key, InvariantViolation>> checked = new HashMap<>();
    private final Map<String, Watched> sources = new HashMap<>();
    private final Map<Key, InvariantViolation> events = new LinkedHashMap<>();
    private long eventWindowMs;

    InvariantBoard(Clock clock, MeterRegistry registry, long eventWindowMs) {
        this.clock = clock;
        this.registry = registry;
        this.eventWindowMs = eventWindowMs;
        Gauge.builder(MetricNames.INVARIANT_VIOLATIONS_OPEN, this, board -> board.open().size())
                .description("invariants of the engine that do not hold now").register(registry);
    }

    /** How long an event stays a violation after it last happened (the self-watch interval). */
    public synchronized void eventWindow(long windowMs) {
        this.eventWindowMs = windowMs;
    }

    /** {@code source} will check every {@code periodMs}; three periods without a check is a violation. */
    public synchronized void expect(String source, long periodMs) {
        sources.put(source, new Watched(periodMs, clock.millis()));
    }

    /** The findings of one check of {@code source}: they replace the ones of its previous check. */
    public synchronized void checked(String source, List<Finding> findings) {
        Instant now = clock.instant();
        Watched watched = sources.get(source);
        if (watched != null) {
            sources.put(source, new Watched(watched.periodMs(), now.toEpochMilli()));
        }
        Map<Key, InvariantViolation> before = checked.getOrDefault(source, Map.of());
        Map<Key, InvariantViolation> after = new LinkedHashMap<>();
        for (Finding finding : findings) {
            Key key = new Key(finding.invariant(), finding.subject());
            InvariantViolation old = before.get(key);
            after.put(key, new InvariantViolation(finding.invariant(), finding.subject(), finding.detail(),
                    old == null ? now : old.since(), now));
            if (old == null) {
                opened(finding);
            }
        }
        before.forEach((key, old) -> {
            if (!after.containsKey(key)) {
                restored(old, now);
            }
        });
        checked.put(source, after);
    }

    /** Something that must not happen happened now; it stays open for the event window. */
    public synchronized void occurred(Finding finding) {
        Instant now = clock.instant();
        Key key = new Key(finding.invariant(), finding.subject());
        InvariantViolation old = events.remove(key);
        events.put(key, new InvariantViolation(finding.invariant(), finding.subject(), finding.detail(),
                old == null ? now : old.since(), now));
        if (old == null) {
            opened(finding);
        }
    }

    /** The violations open now, oldest first. */
    public synchronized List<InvariantViolation> open() {
        Instant now = clock.instant();
        events.values().removeIf(event -> {
            boolean expired = event.lastSeen().toEpochMilli() + eventWindowMs < now.toEpochMilli();
            if (expired) {
                restored(event, now);
            }
            return expired;
        });
        List<InvariantViolation> open = new ArrayList<>();
        checked.values().forEach(found -> open.addAll(found.values()));
        open.addAll(events.values());
        sources.forEach((source, watched) -> {
            long silentMs = now.toEpochMilli() - watched.lastCheckedAt();
            if (silentMs > 3 * watched.periodMs()) {
                open.add(new InvariantViolation(STALLED, source, "no check of " + source + " for " + silentMs
                        + " ms (expected every " + watched.periodMs() + " ms)",
                        Instant.ofEpochMilli(watched.lastCheckedAt() + 3 * watched.periodMs()), now));
            }
        });
        open.sort(Comparator.comparing(InvariantViolation::since));
        return open;
    }

    private void opened(Finding finding) {
        io.micrometer.core.instrument.Counter.builder(MetricNames.INVARIANT_VIOLATIONS)
                .tag(TagNames.INVARIANT, finding.invariant())
                .description("invariant violations opened, by invariant").register(registry).increment();
        LOG.error("self_heal event=invariant_violated invariant={} subject={} detail=\"{}\"", finding.invariant(),
                finding.subject(), finding.detail());
    }

    private static void restored(InvariantViolation violation, Instant now) {
        LOG.info("self_heal event=invariant_restored invariant={} subject={} open_ms={}", violation.invariant(),
                violation.subject(), now.toEpochMilli() - violation.since().toEpochMilli());
    }
}
