package io.healingengine.metrics;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Every signal-to-dispatch latency since start (or since the last {@link #reset()}), kept in an
 * HdrHistogram with three significant digits from 1 µs to 1 hour, so that p99.9 over millions of
 * decisions is exact to 0.1 % — unlike the time-windowed percentiles of {@code /metrics}. Each latency is
 * also split into its three phases, each with its own histogram, so that the figures say where the time went:
 * <ul>
 *   <li>{@code queued}: from the signal's acceptance at the HTTP edge to the start of the evaluation that
 *   saw it (the event bus hop and the wait behind earlier messages on the engine's thread);</li>
 *   <li>{@code evaluated}: that evaluation, from its start to the action being ready to leave (the rules
 *   firing, the decision steps handed to the audit writer);</li>
 *   <li>{@code recorded}: from then until the action's record is written (the audit writer's queue and the
 *   write), after which it is dispatched.</li>
 * </ul>
 * Recording is lock-free and never allocates; reading takes the recorders' interval histograms.
 */
public final class DecisionLatency {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private final Figures total = new Figures();
    private final Figures queued = new Figures();
    private final Figures evaluated = new Figures();
    private final Figures recorded = new Figures();
    private final Clock clock;
    private long since;

    public DecisionLatency(Clock clock) {
        this.clock = clock;
        this.since = clock.millis();
    }

    /**
     * One action dispatched now (System.nanoTime), caused by a signal accepted at {@code acceptedNanos}, whose
     * evaluation started at {@code evaluationNanos} and made it ready to leave at {@code readyNanos}.
     */
    public void record(long acceptedNanos, long evaluationNanos, long readyNanos) {
        long now = System.nanoTime();
        total.record((now - acceptedNanos) / 1_000);
        queued.record((evaluationNanos - acceptedNanos) / 1_000);
        evaluated.record((readyNanos - evaluationNanos) / 1_000);
        recorded.record((now - readyNanos) / 1_000);
    }

    void recordMicros(long micros) {
        total.record(micros);
    }

    /** count, p50/p90/p99/p99.9/max in ms, and the epoch ms the figures start from. */
    public synchronized Map<String, Object> summary() {
        Map<String, Object> figures = total.summary();
        figures.put("since", java.time.Instant.ofEpochMilli(since).toString());
        return figures;
    }

    /** The same figures for each phase: queued, evaluated, recorded (see the class comment). */
    public synchronized Map<String, Object> phases() {
        Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("queued", queued.summary());
        phases.put("evaluated", evaluated.summary());
        phases.put("recorded", recorded.summary());
        return phases;
    }

    /** Starts the figures again from now (e.g. after a warm-up). */
    public synchronized void reset() {
        total.reset();
        queued.reset();
        evaluated.reset();
        recorded.reset();
        since = clock.millis();
    }

    /** One histogram: recorded lock-free, read under the owner's lock. */
    private static final class Figures {
        private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 3);
        private final Histogram sum = new Histogram(1, HIGHEST_MICROS, 3);

        void record(long micros) {
            recorder.recordValue(Math.min(Math.max(1, micros), HIGHEST_MICROS));
        }

        Map<String, Object> summary() {
            sum.add(recorder.getIntervalHistogram());
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("count", sum.getTotalCount());
            figures.put("p50Ms", millis(sum.getValueAtPercentile(50)));
            figures.put("p90Ms", millis(sum.getValueAtPercentile(90)));
            figures.put("p99Ms", millis(sum.getValueAtPercentile(99)));
            figures.put("p999Ms", millis(sum.getValueAtPercentile(99.9)));
            figures.put("maxMs", millis(sum.getMaxValue()));
            return figures;
        }

        void reset() {
            recorder.reset();
            sum.reset();
        }

        private static double millis(long micros) {
            return micros / 1000.0;
        }
    }
}
