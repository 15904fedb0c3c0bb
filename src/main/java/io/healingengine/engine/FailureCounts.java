package io.healingengine.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many errors of each failure class each service reported in the last minute. The engine keeps each
 * count as a metric state named {@code failures:<class>} (e.g. {@code failures:out-of-memory}), which the
 * policies decision table matches like any other metric; a count goes down as its errors age out of
 * the window. Used on the engine thread only.
 */
final class FailureCounts {
    static final String METRIC_PREFIX = "failures:";
    static final long WINDOW_MS = 60_000;

    /** A count to apply: the service, the metric name and the errors in the window now. */
    record Count(String service, String metric, int count) {
    }

    private final Map<String, ArrayDeque<Long>> times = new HashMap<>();
    private final Set<String> changed = new HashSet<>();

    void record(String service, String failureClass, long at) {
        String key = service + "\u0000" + failureClass;
        times.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(at);
        changed.add(key);
    }

    /** The counts that changed since the last call, with errors older than the window dropped first. */
    List<Count> changes(long now) {
        long oldest = now - WINDOW_MS;
        List<Count> counts = new ArrayList<>();
        Iterator<Map.Entry<String, ArrayDeque<Long>>> entries = times.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, ArrayDeque<Long>> entry = entries.next();
            ArrayDeque<Long> at = entry.getValue();
            boolean aged = at.removeIf(time -> time < oldest);
            if (aged || changed.contains(entry.getKey())) {
                String[] parts = entry.getKey().split("\u0000", 2);
                counts.add(new Count(parts[0], METRIC_PREFIX + parts[1], at.size()));
            }
            if (at.isEmpty()) {
                entries.remove();
            }
        }
        changed.clear();
        return counts;
    }
}
