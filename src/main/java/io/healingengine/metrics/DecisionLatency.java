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
 * decisions is exact to 0.1 % — unlike the time-windowed percentiles of {@code /metrics}. Recording is
 * lock-free and never allocates; reading takes the recorder's interval histogram.
 */
public final class DecisionLatency {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, 3);
    private final Clock clock;
    private long since;

    public DecisionLatency(Clock clock) {
        this.clock = clock;
        this.since = clock.millis();
    }

    /** One signal accepted at {@code acceptedNanos} (System.nanoTime) whose action was dispatched now. */
    public void record(long acceptedNanos) {
        recordMicros((System.nanoTime() - acceptedNanos) / 1_000);
    }

    void recordMicros(long micros) {
        recorder.recordValue(Math.min(Math.max(1, micros), HIGHEST_MICROS));
    }

    /** count, p50/p90/p99/p99.9/max in ms, and the epoch ms the figures start from. */
    public synchronized Map<String, Object> summary() {
        total.add(recorder.getIntervalHistogram());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", total.getTotalCount());
        figures.put("p50Ms", millis(total.getValueAtPercentile(50)));
        figures.put("p90Ms", millis(total.getValueAtPercentile(90)));
        figures.put("p99Ms", millis(total.getValueAtPercentile(99)));
        figures.put("p999Ms", millis(total.getValueAtPercentile(99.9)));
        figures.put("maxMs", millis(total.getMaxValue()));
        figures.put("since", java.time.Instant.ofEpochMilli(since).toString());
        return figures;
    }

    /** Starts the figures again from now (e.g. after a warm-up). */
    public synchronized void reset() {
        recorder.reset();
        total.reset();
        since = clock.millis();
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
