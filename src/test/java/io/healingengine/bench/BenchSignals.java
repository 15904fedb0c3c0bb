package io.healingengine.bench;

/**
 * The signal sequence of the rules benchmark, the same for the Drools session and the Java baseline:
 * signal {@code seq} is metric {@code seq % 5} of service {@code (seq / 5) % services} (round robin over
 * services × metrics), with a {@link BenchFleet#healthy} value, except one signal in {@code unhealthyEvery}
 * (chosen by a hash of {@code seq}, so spread evenly and the same on every run; 0: none) that carries an
 * unhealthy value instead: a {@link BenchFleet#LATENCY_SPIKE_MS} latency spike, an error rate of 0.6, a throughput
 * of 5 req/s, CPU or memory at 0.995. The metric stays unhealthy until the round robin comes back to it
 * with a healthy value, so policies match and withdraw all the time.
 */
final class BenchSignals {
    private static final int METRIC_COUNT = BenchFleet.METRICS.size();

    private final String[] services;
    private final String[] metrics = BenchFleet.METRICS.toArray(String[]::new);
    private final int unhealthyEvery;

    BenchSignals(BenchFleet fleet, int unhealthyEvery) {
        if (unhealthyEvery < 0) {
            throw new IllegalArgumentException("unhealthyEvery must be >= 0, but was " + unhealthyEvery);
        }
        this.services = new String[fleet.services()];
        for (int i = 0; i < services.length; i++) {
            services[i] = fleet.service(i);
        }
        this.unhealthyEvery = unhealthyEvery;
    }

    /** Signals in one pass over every metric of every service. */
    long round() {
        return (long) services.length * METRIC_COUNT;
    }

    String service(long seq) {
        return services[(int) ((seq / METRIC_COUNT) % services.length)];
    }

    String metric(long seq) {
        return metrics[(int) (seq % METRIC_COUNT)];
    }

    double value(long seq) {
        String metric = metric(seq);
        return unhealthy(seq) ? unhealthyValue(metric) : BenchFleet.healthy(metric, seq);
    }

    boolean unhealthy(long seq) {
        return unhealthyEvery > 0 && Long.remainderUnsigned(mix(seq), unhealthyEvery) == 0;
    }

    static double unhealthyValue(String metric) {
        return switch (metric) {
            case "latency_p99" -> BenchFleet.LATENCY_SPIKE_MS;
            case "error_rate" -> 0.6;
            case "throughput" -> 5;
            case "cpu_util", "memory_util" -> 0.995;
            default -> throw new IllegalArgumentException("not a fleet metric: " + metric);
        };
    }

    /** SplitMix64's finaliser: consecutive numbers to well-spread ones. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
