package io.healingengine.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A supervised service's liveness-probe results as metric states of the service, which the policies decision
 * table matches like any other metric:
 * <ul>
 *   <li>{@code probe:consecutive-failures}: failed probes in a row of the current process (0 after a pass and
 *       when a new process is up);</li>
 *   <li>{@code probe:latency-ms}: how long the last passing probe took;</li>
 *   <li>{@code probe:latency-ms-min3}: the shortest of the last three passing probes, so that "above 800" means
 *       "the last three passes all took more than 800 ms" (published from the third pass on).</li>
 * </ul>
 * A failed probe is not a slow one: its time (often its timeout) never enters the latencies, so that a hang is
 * the liveness rules' business (process down after the failure threshold → restart) and never also a latency
 * policy's. The names contain '-', which signal metric names cannot, so no service can send them. Used on the
 * engine thread only.
 */
final class ProbeMetrics {
    static final String CONSECUTIVE_FAILURES = "probe:consecutive-failures";
    static final String LATENCY_MS = "probe:latency-ms";
    static final String LATENCY_MS_MIN3 = "probe:latency-ms-min3";
    static final int SAMPLES = 3;

    /** One metric value to apply to the service. */
    record Value(String metric, double value) {
    }

    private final Map<String, ArrayDeque<Long>> passes = new HashMap<>();

    /** The values one liveness-probe result sets; {@code consecutiveFailures} counts this result in. */
    List<Value> probed(String service, boolean passed, long latencyMs, int consecutiveFailures) {
        if (!passed) {
            return List.of(new Value(CONSECUTIVE_FAILURES, consecutiveFailures));
        }
        ArrayDeque<Long> last = passes.computeIfAbsent(service, s -> new ArrayDeque<>(SAMPLES + 1));
        last.addLast(latencyMs);
        if (last.size() > SAMPLES) {
            last.removeFirst();
        }
        List<Value> values = new ArrayList<>(3);
        values.add(new Value(CONSECUTIVE_FAILURES, 0));
        values.add(new Value(LATENCY_MS, latencyMs));
        if (last.size() == SAMPLES) {
            values.add(new Value(LATENCY_MS_MIN3, last.stream().mapToLong(Long::longValue).min().orElseThrow()));
        }
        return values;
    }

    /** A new process of the service is up: it has no failed probes of its own. */
    List<Value> started() {
        return List.of(new Value(CONSECUTIVE_FAILURES, 0));
    }
}
