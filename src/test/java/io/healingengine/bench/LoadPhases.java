package io.healingengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two fixed-load phases, each fed by a {@link SignalLoadGenerator} process:
 * <ol>
 *   <li><b>latency</b>: the offered rate with latency spikes that make the engine dispatch actions; after a
 *   warm-up the engine's own HdrHistogram ({@code /api/v1/latency}) is started again, and read at the end:
 *   signal accepted → action dispatched;</li>
 *   <li><b>soak</b>: the same stream for minutes; every few seconds the benchmark forces a full collection in
 *   the engine and sums what is still reachable ({@code jcmd GC.class_histogram}) — the live set. Kept apart from the
 *   latency run, whose figures the forced pauses would otherwise include.</li>
 * </ol>
 */
final class LoadPhases {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final long LATENCY_SPIKE_MS = 100;
    static final long SOAK_SPIKE_MS = 1_000;
    static final int LATENCY_WARMUP_SECONDS = 30;
    private final EngineProcess engine;
    private final BenchFleet fleet;
    private final Say say;
    private final Path out;

    LoadPhases(EngineProcess engine, BenchFleet fleet, Say say, Path out) {
        this.engine = engine;
        this.fleet = fleet;
        this.say = say;
        this.out = out;
    }

    void run(int rate, int batch, int warmupSeconds, int latencySeconds, int soakSeconds, int heapEverySeconds,
             List<BenchmarkMain.Row> table) throws Exception {
        int spikes = latency(rate, batch, warmupSeconds, latencySeconds, table);
        soak(rate, batch, soakSeconds, heapEverySeconds, spikes, table);
    }

    /** The latency run; how many spikes it sent (the soak's spikes hit services after them). */
    int latency(int rate, int batch, int warmupSeconds, int latencySeconds, List<BenchmarkMain.Row> table)
            throws Exception {
        // 10 latency spikes a second in the latency run (each makes the engine open an incident and dispatch a
        // restart: enough samples for p99.9 in two minutes), one a second in the soak; every spike hits a
        // service that has not spiked before, so no cooldown or dedup window hides one.
        long spikeMs = LATENCY_SPIKE_MS;
        // The rules were swapped in just before: their classes are new to the JIT, so the warm-up is longer than
        // the ingest runs' (and the load generator's own response figures include it).
        int warmup = Math.max(warmupSeconds, LATENCY_WARMUP_SECONDS);
        say.log("latency: %,d signals/s offered in requests of %d, a latency spike every %d ms, %d s warm-up + %d s …",
                rate, batch, spikeMs, warmup, latencySeconds);
        JsonNode load = generate(rate, batch, warmup + latencySeconds, spikeMs, 0, warmup, "latency").get();
        if (!load.path("latencyReset").asBoolean()) {
            throw new IllegalStateException("the generator could not start the engine's latency figures again");
        }
        JsonNode figures = JSON.readTree(engine.get("/api/v1/latency").body());
        JsonNode latency = figures.path("signalToDispatch");
        JsonNode phases = figures.path("phases");
        say.log("  generator: %s", load);
        say.log("  engine:    %s", latency);
        say.log("  phases:    %s", phases);
        boolean allAccepted = load.path("status202").asLong() == load.path("requests").asLong();
        table.add(new BenchmarkMain.Row("signal accepted → action dispatched, %,d signals/s offered".formatted(rate),
                "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d dispatches)".formatted(
                        latency.path("p50Ms").asDouble(), latency.path("p99Ms").asDouble(),
                        latency.path("p999Ms").asDouble(), latency.path("maxMs").asDouble(), latency.path("count").asLong()),
                "", "", "p99 ≤ 5 ms", latency.path("count").asLong() > 0 && latency.path("p99Ms").asDouble() <= 5
                        && allAccepted));
        table.add(new BenchmarkMain.Row("of which: queued / evaluated / recorded (see api.md, /api/v1/latency)",
                "p50 %s; p99 %s ms".formatted(phase(phases, "p50Ms"), phase(phases, "p99Ms")), "", "", "", true));
        table.add(new BenchmarkMain.Row("signal sent → 202 at the load generator, same run",
                "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%,d of %,d requests 202)".formatted(
                        load.path("responseP50Ms").asDouble(), load.path("responseP99Ms").asDouble(),
                        load.path("responseP999Ms").asDouble(), load.path("status202").asLong(),
                        load.path("requests").asLong()), "", "", "every request 202", allAccepted));
        return load.path("spikes").asInt();
    }

    private void soak(int rate, int batch, int soakSeconds, int heapEverySeconds, int firstSpike,
                      List<BenchmarkMain.Row> table) throws Exception {
        say.log("soak: %,d signals/s for %d s, heap after a forced full GC every %d s …", rate, soakSeconds,
                heapEverySeconds);
        CompletableFuture<JsonNode> soakLoad = generate(rate, batch, soakSeconds, SOAK_SPIKE_MS, firstSpike, 0, "soak");
        List<Double> heap = new ArrayList<>();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            List<ScheduledFuture<Double>> samples = new ArrayList<>();
            for (int s = heapEverySeconds; s < soakSeconds; s += heapEverySeconds) {
                int at = s;
                samples.add(clock.schedule(() -> {
                    double mib = engine.heapAfterFullGcMib();
                    say.log("  %4d s: %.1f MiB live heap", at, mib);
                    return mib;
                }, s, TimeUnit.SECONDS));
            }
            for (ScheduledFuture<Double> sample : samples) {
                heap.add(sample.get());
            }
        } finally {
            clock.shutdownNow();
        }
        JsonNode soak = soakLoad.get();
        heap.add(engine.heapAfterFullGcMib());
        JsonNode health = JSON.readTree(engine.get("/health").body());
        say.log("  end: %.1f MiB live heap; generator %s; engine facts %d, open incidents %d", heap.get(heap.size() - 1),
                soak, health.path("factsInSession").asLong(), health.path("openIncidents").asLong());
        double first = heap.get(0);
        double mean = heap.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double min = heap.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = heap.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double spread = Math.max(max - mean, mean - min) / mean * 100;
        double slope = slopeMibPerMinute(heap, heapEverySeconds);
        boolean soakAccepted = soak.path("status202").asLong() == soak.path("requests").asLong();
        table.add(new BenchmarkMain.Row("live heap over a %d s stream of %,d signals/s (%d samples)".formatted(
                        soakSeconds, rate, heap.size()),
                "first %.1f MiB, last %.1f MiB, min %.1f, max %.1f: within ±%.1f %% of the mean; trend %+.2f MiB/min"
                        .formatted(first, heap.get(heap.size() - 1), min, max, spread, slope),
                "", "", "flat, ±10 %", spread <= 10 && soakAccepted));
    }

    /** Least-squares slope of the samples, taken every {@code everySeconds}, in MiB per minute. */
    static double slopeMibPerMinute(List<Double> samples, int everySeconds) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double meanX = (n - 1) / 2.0;
        double meanY = samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - meanX) * (samples.get(i) - meanY);
            den += (i - meanX) * (i - meanX);
        }
        return num / den * 60.0 / everySeconds;
    }

    /** @param resetAfterSeconds when the generator starts the engine's latency figures again (0: never) */
    private CompletableFuture<JsonNode> generate(int rate, int batch, int seconds, long spikeMs, int firstSpike,
                                                 int resetAfterSeconds, String name) throws Exception {
        Path log = out.resolve("logs/generator-" + name + ".log");
        Process p = new ProcessBuilder(EngineProcess.java(), "-cp", System.getProperty("java.class.path"),
                SignalLoadGenerator.class.getName(), String.valueOf(engine.port), String.valueOf(rate),
                String.valueOf(batch), String.valueOf(seconds), String.valueOf(fleet.services()),
                String.valueOf(fleet.tiers()), String.valueOf(spikeMs), String.valueOf(firstSpike), String.valueOf(resetAfterSeconds))
                .redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        return CompletableFuture.supplyAsync(() -> {
            try {
                String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("the load generator failed; see " + log);
                }
                return JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One percentile of the three phases, "a / b / c". */
    private static String phase(JsonNode phases, String percentile) {
        return "%.2f / %.2f / %.2f".formatted(phases.path("queued").path(percentile).asDouble(),
                phases.path("evaluated").path(percentile).asDouble(), phases.path("recorded").path(percentile).asDouble());
    }
}
