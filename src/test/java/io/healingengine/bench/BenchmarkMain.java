package io.healingengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.files.FileTrees;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark command ({@code scripts/bench.sh}): measures the engine as a user runs it — the runnable
 * jar in a JVM of its own, loaded over loopback by wrk or by {@link SignalLoadGenerator} in another
 * process — next to baselines measured in the same run, and prints one table ({@link ResultTable}).
 * Phases, in order: cold start, ingest (bare Vert.x baseline, then the engine), hot swap of 1,000-row
 * kjars, signal-to-dispatch latency at a fixed offered load, the heap soak, the rules in process, and the time
 * to recovery of a supervised process next to monit's. {@code --only mttr} and {@code --only latency} run one
 * phase alone.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks healing-engine on this machine and prints one table of figures and ratios.")
public final class BenchmarkMain implements java.util.concurrent.Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--repo", defaultValue = ".", description = "the project checkout (rules/, decision-tables/)")
    Path repo;
    @Option(names = "--jar", defaultValue = "target/healing-engine.jar", description = "the engine's runnable jar")
    Path jar;
    @Option(names = "--out", defaultValue = "target/bench", description = "work directory: logs, configs, results")
    Path out;
    @Option(names = "--services", defaultValue = "10000", description = "fleet size (inventory services)")
    int services;
    @Option(names = "--tiers", defaultValue = "100", description = "tiers the fleet and the generated rows spread over")
    int tiers;
    @Option(names = "--rows", defaultValue = "1000", description = "generated policy rows added to the shipped table")
    int rows;
    @Option(names = "--ingest-seconds", defaultValue = "10", description = "measured seconds of each ingest run")
    int ingestSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "5", description = "warm-up seconds before each measurement")
    int warmupSeconds;
    @Option(names = "--rate", defaultValue = "10000", description = "offered signals/s of the latency run and the soak")
    int rate;
    @Option(names = "--batch", defaultValue = "10", description = "signals per request in the latency run and the soak")
    int batch;
    @Option(names = "--latency-seconds", defaultValue = "120", description = "measured seconds of the latency run")
    int latencySeconds;
    @Option(names = "--soak-seconds", defaultValue = "300", description = "length of the heap soak")
    int soakSeconds;
    @Option(names = "--heap-every-seconds", defaultValue = "30", description = "heap sample interval in the soak")
    int heapEverySeconds;
    @Option(names = "--cold-starts", defaultValue = "3", description = "cold starts to time")
    int coldStarts;
    @Option(names = "--swaps", defaultValue = "4", description = "hot swaps to time")
    int swaps;
    @Option(names = "--mttr-trials", defaultValue = "20", description = "kill -9 and kill -STOP trials of the MTTR phase, each")
    int mttrTrials;
    @Option(names = "--only", description = "run one phase alone: ${COMPLETION-CANDIDATES} (default: every phase)")
    Phase only;

    /** A phase that can run alone. */
    enum Phase { latency, mttr }

    private final List<Row> table = new ArrayList<>();
    private BenchFleet fleet;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        fleet = new BenchFleet(services, tiers);
        Files.createDirectories(out);
        if (only == Phase.mttr) {
            mttr();
            print();
            return 0;
        }
        requireWrk();
        String token = UUID.randomUUID().toString();
        Path config = writeConfig(sha256(token));
        log("machine: %d cores, %s, java %s", Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"));
        if (only == Phase.latency) {
            latencyAlone(config, token, variants(1)[0]);
            print();
            return 0;
        }
        byte[][] kjars = variants(2);
        coldStart(config);
        ingest(config, token, kjars);
        rulesInProcess();
        mttr();
        print();
        return 0;
    }

    /** Kjars of the shipped rules with the generated rows, each variant's thresholds a little different. */
    private byte[][] variants(int count) throws Exception {
        log("building %d variant(s) of the shipped rules with %d generated policy rows each …", count, rows);
        byte[][] kjars = new byte[count][];
        for (int v = 0; v < count; v++) {
            Path dir = PolicyVariant.write(repo, out.resolve("variant-" + v), rows, fleet, 1 + v, true);
            long t0 = System.nanoTime();
            CompiledRules compiled = RuleCompiler.compile(RuleSource.fromProjectDirectory(dir));
            kjars[v] = compiled.kjar();
            log("  variant %d: %d rules, compiled in %d ms, kjar %d KiB", v, compiled.ruleCount(),
                    (System.nanoTime() - t0) / 1_000_000, kjars[v].length / 1024);
        }
        return kjars;
    }

    /**
     * The latency run alone ({@code --only latency}), set up as in the whole benchmark: the fleet's signals
     * sent, the generated rows deployed, then the fixed offered load.
     */
    private void latencyAlone(Path config, String token, byte[] kjar) throws Exception {
        try (EngineProcess engine = EngineProcess.engine(repo, jar, config, freePort(), fresh(out, "engine"),
                out.resolve("logs/engine.log"))) {
            engine.awaitUp("/health", Duration.ofSeconds(60));
            HotSwapPhase rules = new HotSwapPhase(engine, token, this::log);
            rules.sendFleet(allSignals());
            log("deploying the generated rows: session swap %d ms", rules.deploy(kjar, "latency-only"));
            new LoadPhases(engine, fleet, this::log, out).latency(rate, batch, warmupSeconds, latencySeconds, table);
        }
    }

    /**
     * Cold starts to the first 202: the engine on its embedded defaults (the README's first command), then
     * with the benchmark's configuration (an inventory of the whole fleet), each on a new data directory.
     */
    private void coldStart(Path config) throws Exception {
        long defaults = coldStarts("embedded defaults", null);
        table.add(new Row("cold start → first 202, embedded defaults (spawn to answer, new data dir)",
                "%,d ms".formatted(defaults), "median of " + coldStarts, "", "≤ 3,000 ms", defaults <= 3_000));
        long fleetConfig = coldStarts("%,d-service inventory".formatted(services), config);
        table.add(new Row("cold start → first 202, %,d-service inventory".formatted(services),
                "%,d ms".formatted(fleetConfig), "median of " + coldStarts, "", "", true));
    }

    private long coldStarts(String what, Path config) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < coldStarts; i++) {
            int port = freePort();
            Path data = fresh(out, "cold-" + i);
            Path log = out.resolve("logs/cold-start-" + (config == null ? "defaults-" : "fleet-") + i + ".log");
            try (EngineProcess engine = config == null ? EngineProcess.engine(repo, jar, null, port, data, log)
                    : EngineProcess.engine(repo, jar, config, port, data, log)) {
                millis.add(engine.millisToFirst202("/api/v1/signals", signalJson(0, "latency_p99", 120),
                        Duration.ofSeconds(60)));
            }
        }
        log("  cold start, %s: %s ms to the first 202", what, millis);
        return HotSwapPhase.median(millis);
    }

    /** Ingest (baseline, then engine), hot swap, latency and soak: one engine process for all of them. */
    private void ingest(Path config, String token, byte[][] kjars) throws Exception {
        List<String> single = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String metric = BenchFleet.METRICS.get(i % BenchFleet.METRICS.size());
            single.add(signalJson(i * 7 % services, metric, BenchFleet.healthy(metric, i)));
        }
        List<String> hundreds = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            hundreds.add(batchJson(b * 100, 100));
        }
        Wrk.Run bareSingle;
        Wrk.Run bareHundred;
        int basePort = freePort();
        try (EngineProcess bare = EngineProcess.javaMain(BareVertxServer.class, basePort, out.resolve("logs/bare.log"),
                String.valueOf(basePort))) {
            bare.awaitUp("/health", Duration.ofSeconds(30));
            bareSingle = measure("bare Vert.x, 1 signal/request", bare, single);
            bareHundred = measure("bare Vert.x, 100 signals/request", bare, hundreds);
        }
        int port = freePort();
        try (EngineProcess engine = EngineProcess.engine(repo, jar, config, port, fresh(out, "engine"),
                out.resolve("logs/engine.log"))) {
            engine.awaitUp("/health", Duration.ofSeconds(60));
            Wrk.Run one = measure("engine, 1 signal/request", engine, single);
            Wrk.Run hundred = measure("engine, 100 signals/request", engine, hundreds);
            table.add(new Row("ingest, 1 signal per request", "%,.0f req/s".formatted(one.requestsPerSecond()),
                    "%,.0f req/s".formatted(bareSingle.requestsPerSecond()), ratio(one, bareSingle), "≥ 40,000 req/s",
                    one.clean() && one.requestsPerSecond() >= 40_000));
            table.add(new Row("ingest, 100 signals per request", "%,.0f signals/s".formatted(hundred.requestsPerSecond() * 100),
                    "%,.0f signals/s".formatted(bareHundred.requestsPerSecond() * 100), ratio(hundred, bareHundred),
                    "≥ 150,000 signals/s", hundred.clean() && hundred.requestsPerSecond() * 100 >= 150_000));
            new HotSwapPhase(engine, token, this::log).run(kjars, swaps, allSignals(), table);
            new LoadPhases(engine, fleet, this::log, out).run(rate, batch, warmupSeconds, latencySeconds, soakSeconds,
                    heapEverySeconds, table);
        }
    }

    /** Time to recovery after a crash and a hang: the engine's supervision next to monit's (MttrPhase). */
    private void mttr() throws Exception {
        log("MTTR: %d kill -9 and %d kill -STOP trials on a real HTTP child process, the engine then monit …",
                mttrTrials, mttrTrials);
        new MttrPhase(repo, jar, out, this::log, mttrTrials).run(table);
    }

    private Wrk.Run measure(String what, EngineProcess target, List<String> bodies) throws Exception {
        int connections = 32;
        Wrk.post(target.url("/api/v1/signals"), bodies, connections, warmupSeconds, out);
        Wrk.Run run = Wrk.post(target.url("/api/v1/signals"), bodies, connections, ingestSeconds, out);
        log("  %-34s %,10.0f req/s  (%d requests, non-2xx %d, socket errors %d)", what, run.requestsPerSecond(),
                run.requests(), run.non2xx(), run.socketErrors());
        if (!run.clean()) {
            log("  wrk output:%n%s", run.output());
        }
        return run;
    }

    /**
     * The rules in process, twice: a steady stream (healthy values only: the policy rows are evaluated on
     * every signal, matches rarely change) and a storm (one signal in 1,000 unhealthy, so incidents open at
     * hundreds per second and pile up behind the shipped rate limit).
     */
    private void rulesInProcess() throws Exception {
        log("rules in process: the real session with the shipped rules + %d rows, and hand-written Java …", rows);
        JsonNode steady = rulesRun(0);
        JsonNode storm = rulesRun(1000);
        table.add(rulesRow(steady, "steady stream", "≥ 300,000 signals/s",
                steady.path("droolsSignalsPerSecond").asDouble() >= 300_000));
        table.add(rulesRow(storm, "1 signal in 1,000 unhealthy (incident storm)", "none (see benchmarks.md)", true));
    }

    private JsonNode rulesRun(int unhealthyEvery) throws Exception {
        Path log = out.resolve("logs/rules-" + unhealthyEvery + ".log");
        Process p = new ProcessBuilder(EngineProcess.java(), "-cp", System.getProperty("java.class.path"),
                RulesThroughput.class.getName(), "--rows", String.valueOf(rows), "--services", String.valueOf(services),
                "--tiers", String.valueOf(tiers), "--seconds", String.valueOf(ingestSeconds),
                "--warmup-seconds", String.valueOf(warmupSeconds), "--unhealthy-every", String.valueOf(unhealthyEvery),
                "--kjar", out.resolve("rules-" + rows + ".kjar").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("RulesThroughput failed; see " + log);
        }
        List<String> lines = Files.readAllLines(log);
        JsonNode r = JSON.readTree(lines.get(lines.size() - 1));
        log("  %s", r);
        return r;
    }

    private BenchmarkMain.Row rulesRow(JsonNode r, String mix, String target, boolean met) {
        double drools = r.path("droolsSignalsPerSecond").asDouble();
        double java = r.path("javaSignalsPerSecond").asDouble();
        return new Row("rules: shipped + %,d generated rows, %,d services, %s".formatted(rows, services, mix),
                "%,.0f signals/s (%,d incidents opened)".formatted(drools, r.path("incidentsOpened").asLong()),
                "%,.0f signals/s (hand-written Java)".formatted(java), "%.3f".formatted(drools / java), target,
                met && r.path("matchesAgree").asBoolean());
    }

    private List<String> allSignals() {
        List<String> bodies = new ArrayList<>();
        int pairs = services * BenchFleet.METRICS.size();
        for (int start = 0; start < pairs; start += 1000) {
            bodies.add(batchJson(start, Math.min(1000, pairs - start)));
        }
        return bodies;
    }

    /** {@code count} signals of the round-robin over (service, metric) pairs, from pair {@code start}. */
    private String batchJson(int start, int count) {
        StringBuilder json = new StringBuilder("[");
        int pairs = services * BenchFleet.METRICS.size();
        for (int i = 0; i < count; i++) {
            int pair = (start + i) % pairs;
            String metric = BenchFleet.METRICS.get(pair % BenchFleet.METRICS.size());
            json.append(i == 0 ? "" : ",").append(signalJson(pair / BenchFleet.METRICS.size(), metric,
                    BenchFleet.healthy(metric, start + i)));
        }
        return json.append(']').toString();
    }

    private String signalJson(int service, String metric, double value) {
        return "{\"service\":\"" + fleet.service(service) + "\",\"metric\":\"" + metric + "\",\"value\":" + value + "}";
    }

    private Path writeConfig(String tokenSha256) throws IOException {
        Path config = out.resolve("engine.yaml");
        Files.writeString(config, """
                # written by the benchmark: every action goes to the noop executor (dry run), kjars may be deployed
                engine:
                  dryRun: true
                deploy:
                  adminTokenSha256: %s
                """.formatted(tokenSha256) + fleet.inventoryYaml());
        return config;
    }

    /** {@code <out>/data/<name>}, emptied. */
    static Path fresh(Path out, String name) throws IOException {
        Path dir = out.resolve("data").resolve(name);
        FileTrees.delete(dir);
        return Files.createDirectories(dir);
    }

    private static String ratio(Wrk.Run engine, Wrk.Run baseline) {
        return "%.2f".formatted(engine.requestsPerSecond() / baseline.requestsPerSecond());
    }

    private void print() throws IOException {
        String rendered = ResultTable.render(table);
        System.out.println();
        System.out.println(rendered);
        Files.writeString(out.resolve("results.md"), rendered);
        log("results also in %s; logs in %s", out.resolve("results.md"), out.resolve("logs"));
    }

    void log(String format, Object... args) {
        System.out.printf(format + "%n", args);
        System.out.flush();
    }

    private static void requireWrk() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("wrk is not installed: run scripts/bench.sh, which installs it (apt-get install wrk)");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** One line of the table. */
    record Row(String figure, String measured, String baseline, String ratio, String target, boolean met) {
    }
}
