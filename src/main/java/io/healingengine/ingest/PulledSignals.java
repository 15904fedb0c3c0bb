package io.healingengine.ingest;

import io.healingengine.bus.Signal;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.PrometheusQueryConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.PromQlResult.Sample;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the samples of one query into signals under the rules of {@code POST /api/v1/signals}: a valid
 * service id, a finite value, and — with inventory.autoRegister false — a listed service. A sample that
 * breaks a rule is dropped (the others go on), and the evaluation reports one {@link PullProblem.Occurrence}
 * per problem with how many samples it dropped and the first of them.
 */
final class PulledSignals {
    /** The signals to send and what was dropped. */
    record Outcome(List<Signal> signals, List<PullProblem.Occurrence> problems) {
    }

    private PulledSignals() {
    }

    static Outcome of(PrometheusQueryConfig query, List<Sample> samples, InventoryConfig inventory) {
        Map<String, Sample> byService = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        Drops drops = new Drops();
        for (Sample sample : samples) {
            String service = query.service() != null ? query.service() : sample.labels().get(query.serviceLabel());
            if (service == null) {
                drops.add(PullProblem.MISSING_LABEL, sample.labels().isEmpty()
                        ? "the result has no labels (a scalar, or an aggregation without by (" + query.serviceLabel()
                        + ")); keep the label or set a fixed service"
                        : "no label '" + query.serviceLabel() + "' on series " + sample.labels());
            } else if (!ServiceConfig.ID_PATTERN.matcher(service).matches()) {
                drops.add(PullProblem.INVALID_SERVICE, query.serviceLabel() + "='" + service
                        + "' is not a service id (1-128 letters, digits, '.', '_', ':' or '-')");
            } else if (!Double.isFinite(sample.value())) {
                drops.add(PullProblem.NOT_FINITE, sample.value() + " for " + service + " (series " + sample.labels() + ")");
            } else if (!inventory.autoRegister() && inventory.find(service).isEmpty()) {
                drops.add(PullProblem.UNKNOWN_SERVICE, service + " is not in the inventory and autoRegister is false");
            } else {
                seen.merge(service, 1, Integer::sum);
                byService.put(service, sample);
            }
        }
        List<Signal> signals = new ArrayList<>(byService.size());
        byService.forEach((service, sample) -> {
            int count = seen.get(service);
            if (count > 1) {
                for (int i = 0; i < count; i++) {
                    drops.add(PullProblem.DUPLICATE_SERVICE, count + " series name " + service
                            + "; aggregate by the label, e.g. max by (" + labelOr(query) + ") (...)");
                }
            } else {
                signals.add(new Signal(service, query.metric(), sample.value(), sample.timestampMs(), Map.of()));
            }
        });
        return new Outcome(signals, drops.occurrences());
    }

    private static String labelOr(PrometheusQueryConfig query) {
        return query.serviceLabel() == null ? "job" : query.serviceLabel();
    }

    /** Counts dropped samples per problem and keeps the first detail of each. */
    private static final class Drops {
        private final Map<PullProblem, Integer> counts = new EnumMap<>(PullProblem.class);
        private final Map<PullProblem, String> first = new EnumMap<>(PullProblem.class);

        void add(PullProblem problem, String detail) {
            counts.merge(problem, 1, Integer::sum);
            first.putIfAbsent(problem, detail);
        }

        List<PullProblem.Occurrence> occurrences() {
            List<PullProblem.Occurrence> list = new ArrayList<>();
            counts.forEach((problem, count) -> list.add(new PullProblem.Occurrence(problem,
                    count + (count == 1 ? " sample dropped: " : " samples dropped, the first: ") + first.get(problem))));
            return list;
        }
    }
}
