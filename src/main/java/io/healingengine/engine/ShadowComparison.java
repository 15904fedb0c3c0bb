package io.healingengine.engine;

import io.healingengine.bus.ShadowReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the decisions of the active and the shadow version per service and decision ("opens an
 * incident for throughput-drop", "first action scale-up"), so that where they differ can be reported.
 * The first action of an incident is compared, not the later ones: those depend on executor outcomes
 * the shadow cannot see.
 */
final class ShadowComparison {
    private static final int ACTIVE = 0;
    private static final int SHADOW = 1;
    private final Map<String, long[]> counts = new TreeMap<>();
    private final Set<String> incidentsWithAction = new HashSet<>();
    private final Set<String> busyServices;
    private final long[] totals = new long[2];

    ShadowComparison(Set<String> busyServices) {
        this.busyServices = Set.copyOf(busyServices);
    }

    void activeOpened(String service, String trigger) {
        count(ACTIVE, service, "opens an incident for " + trigger);
    }

    void shadowOpened(String service, String trigger) {
        count(SHADOW, service, "opens an incident for " + trigger);
    }

    void activeActed(String incidentId, String service, String action) {
        if (incidentsWithAction.add("a:" + incidentId)) {
            count(ACTIVE, service, "first action " + action);
        }
    }

    void shadowActed(String incidentId, String service, String action) {
        if (incidentsWithAction.add("s:" + incidentId)) {
            count(SHADOW, service, "first action " + action);
        }
    }

    private void count(int side, String service, String decision) {
        counts.computeIfAbsent(service + "\u0000" + decision, k -> new long[2])[side]++;
        totals[side]++;
    }

    List<ShadowReport.Difference> differences() {
        List<ShadowReport.Difference> differences = new ArrayList<>();
        counts.forEach((key, n) -> {
            if (n[ACTIVE] != n[SHADOW]) {
                String[] parts = key.split("\u0000", 2);
                differences.add(new ShadowReport.Difference(parts[0], parts[1], n[ACTIVE], n[SHADOW],
                        busyServices.contains(parts[0])));
            }
        });
        return differences;
    }

    long activeDecisions() {
        return totals[ACTIVE];
    }

    long shadowDecisions() {
        return totals[SHADOW];
    }

    List<String> busyServices() {
        return busyServices.stream().sorted().toList();
    }
}
