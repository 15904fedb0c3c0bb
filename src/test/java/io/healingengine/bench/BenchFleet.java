package io.healingengine.bench;

import java.util.List;

/**
 * The fleet every benchmark phase uses, so that the rules measured in process and the engine measured
 * over HTTP see the same services, tiers and values: {@code services} services named {@code svc-00000…},
 * spread round-robin over {@code tiers} tiers named {@code tier-00…}, each sending the five metrics the
 * policy table has columns for.
 *
 * <p>Healthy values stay clear of every shipped and generated policy threshold; a latency spike of
 * {@link #LATENCY_SPIKE_MS} crosses the shipped {@code critical-latency-spike} row (priority 10, restart).
 */
public record BenchFleet(int services, int tiers) {
    public static final List<String> METRICS = List.of("latency_p99", "error_rate", "throughput", "cpu_util",
            "memory_util");
    /** Over the shipped critical-latency-spike threshold (500 ms). */
    public static final double LATENCY_SPIKE_MS = 900;

    public BenchFleet {
        if (services < 1 || tiers < 1) {
            throw new IllegalArgumentException("a fleet needs at least one service and one tier");
        }
    }

    public String service(int index) {
        return "svc-%05d".formatted(index);
    }

    public String tier(int index) {
        return tierName(index % tiers);
    }

    public static String tierName(int tier) {
        return "tier-%02d".formatted(tier);
    }

    /**
     * A healthy value of {@code metric} that changes with {@code seq} (so every update changes the fact):
     * latency 50–250 ms, error rate 0–0.05, throughput 600–2,000 req/s, CPU 0.1–0.6, memory 0.2–0.6.
     */
    public static double healthy(String metric, long seq) {
        double wave = (seq * 7919 % 1000) / 1000.0; // 0 ≤ wave < 1, spread over the range
        return switch (metric) {
            case "latency_p99" -> 50 + 200 * wave;
            case "error_rate" -> 0.05 * wave;
            case "throughput" -> 600 + 1400 * wave;
            case "cpu_util" -> 0.1 + 0.5 * wave;
            case "memory_util" -> 0.2 + 0.4 * wave;
            default -> throw new IllegalArgumentException("not a fleet metric: " + metric);
        };
    }

    /** The inventory section of an engine configuration listing every service with its tier. */
    public String inventoryYaml() {
        StringBuilder yaml = new StringBuilder("inventory:\n  autoRegister: false\n  services:\n");
        for (int i = 0; i < services; i++) {
            yaml.append("    - id: ").append(service(i)).append("\n      tier: ").append(tier(i)).append('\n');
        }
        return yaml.toString();
    }
}
