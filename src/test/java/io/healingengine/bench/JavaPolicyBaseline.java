package io.healingengine.bench;

import io.healingengine.domain.ManagedService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy conditions evaluated by hand, as a baseline for the rule session: what a good engineer would
 * write without a rule engine. The rows (shipped and generated, read by {@link PolicyRows}) are indexed per
 * tier and metric, their conditions sorted by threshold; each service keeps its latest value per metric and
 * the set of rows matching it. A signal changes one value, and only the conditions whose threshold lies
 * between the old and the new value can change their truth: a binary search finds them, and only their rows
 * are evaluated again. Same semantics as the table: a row matches while every condition holds on the
 * service's latest values, and a metric never seen matches nothing. Not thread-safe.
 */
final class JavaPolicyBaseline {
    private final List<PolicyRows.Row> rows;
    private final Map<String, Integer> metricIds = new HashMap<>();
    private final Map<String, TierIndex> tiers = new HashMap<>();
    private final Map<String, ServiceState> services = new HashMap<>();
    private long matchCount;

    /** One condition of one row, as the tier's index holds it. */
    private record Indexed(int row, int metric, PolicyRows.Condition condition) {
    }

    /** The enabled rows of one tier: per metric, their conditions by threshold; per row, all its conditions. */
    private static final class TierIndex {
        final int[] rowIds;
        final Indexed[][] rowConditions;
        Indexed[][] byMetric = new Indexed[0][];
        double[][] thresholds = new double[0][];

        TierIndex(int[] rowIds, Indexed[][] rowConditions) {
            this.rowIds = rowIds;
            this.rowConditions = rowConditions;
        }
    }

    private static final class ServiceState {
        final String id;
        final TierIndex tier;
        double[] values = new double[0];
        boolean[] seen = new boolean[0];
        final BitSet matching = new BitSet();

        ServiceState(String id, TierIndex tier) {
            this.id = id;
            this.tier = tier;
        }
    }

    JavaPolicyBaseline(List<PolicyRows.Row> rows) {
        this.rows = List.copyOf(rows);
        rows.forEach(row -> row.conditions().forEach(c -> metricId(c.metric())));
    }

    void register(String serviceId, String tier) {
        if (!services.containsKey(serviceId)) {
            ServiceState service = new ServiceState(serviceId, tiers.computeIfAbsent(tier, this::index));
            services.put(serviceId, service);
            for (int local = 0; local < service.tier.rowConditions.length; local++) {
                if (service.tier.rowConditions[local].length == 0) {
                    reevaluate(service, local); // a row without metric conditions matches every service it applies to
                }
            }
        }
    }

    /** Applies one observation and updates the service's matching rows. */
    void observe(String serviceId, String metric, double value) {
        ServiceState service = services.get(serviceId);
        if (service == null) {
            throw new IllegalArgumentException("unknown service " + serviceId);
        }
        int m = metricId(metric);
        if (m >= service.values.length) {
            service.values = Arrays.copyOf(service.values, metricIds.size());
            service.seen = Arrays.copyOf(service.seen, metricIds.size());
        }
        double old = service.values[m];
        boolean seen = service.seen[m];
        service.values[m] = value;
        service.seen[m] = true;
        TierIndex tier = service.tier;
        if (m >= tier.byMetric.length || tier.byMetric[m] == null) {
            return;
        }
        Indexed[] conditions = tier.byMetric[m];
        int from = 0;
        int to = conditions.length;
        if (seen) {
            if (old == value) {
                return;
            }
            double[] thresholds = tier.thresholds[m];
            from = firstAtLeast(thresholds, Math.min(old, value));
            to = firstAbove(thresholds, Math.max(old, value));
        }
        for (int i = from; i < to; i++) {
            PolicyRows.Condition condition = conditions[i].condition();
            if (!seen || condition.holds(old) != condition.holds(value)) {
                reevaluate(service, conditions[i].row());
            }
        }
    }

    private void reevaluate(ServiceState service, int localRow) {
        boolean matches = true;
        for (Indexed condition : service.tier.rowConditions[localRow]) {
            int m = condition.metric();
            if (m >= service.seen.length || !service.seen[m] || !condition.condition().holds(service.values[m])) {
                matches = false;
                break;
            }
        }
        if (matches != service.matching.get(localRow)) {
            service.matching.set(localRow, matches);
            matchCount += matches ? 1 : -1;
        }
    }

    long matchCount() {
        return matchCount;
    }

    /** Every match as {@code policy@service}. */
    Set<String> matches() {
        Set<String> matches = new HashSet<>();
        for (ServiceState service : services.values()) {
            service.matching.stream().forEach(local ->
                    matches.add(rows.get(service.tier.rowIds[local]).id() + "@" + service.id));
        }
        return matches;
    }

    private TierIndex index(String tier) {
        ManagedService probe = new ManagedService("tier-probe", tier, false, 0);
        List<Integer> rowIds = new ArrayList<>();
        List<Indexed[]> rowConditions = new ArrayList<>();
        Map<Integer, List<Indexed>> byMetric = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            PolicyRows.Row row = rows.get(r);
            if (!row.enabled() || !probe.appliesTo(row.tiers())) {
                continue;
            }
            int local = rowIds.size();
            rowIds.add(r);
            Indexed[] conditions = row.conditions().stream()
                    .map(c -> new Indexed(local, metricId(c.metric()), c)).toArray(Indexed[]::new);
            rowConditions.add(conditions);
            for (Indexed condition : conditions) {
                byMetric.computeIfAbsent(condition.metric(), k -> new ArrayList<>()).add(condition);
            }
        }
        TierIndex index = new TierIndex(rowIds.stream().mapToInt(Integer::intValue).toArray(),
                rowConditions.toArray(Indexed[][]::new));
        index.byMetric = new Indexed[metricIds.size()][];
        index.thresholds = new double[metricIds.size()][];
        byMetric.forEach((metric, conditions) -> {
            conditions.sort(Comparator.comparingDouble(c -> c.condition().threshold()));
            index.byMetric[metric] = conditions.toArray(Indexed[]::new);
            index.thresholds[metric] = conditions.stream().mapToDouble(c -> c.condition().threshold()).toArray();
        });
        return index;
    }

    private int metricId(String metric) {
        Integer id = metricIds.get(metric);
        if (id == null) {
            id = metricIds.size();
            metricIds.put(metric, id);
        }
        return id;
    }

    /** Index of the first threshold >= {@code value}. */
    private static int firstAtLeast(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first threshold > {@code value}. */
    private static int firstAbove(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
