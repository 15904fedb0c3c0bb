package io.healingengine.bench;

import io.healingengine.supervise.PidHttpTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Time to recovery: a real HTTP child process ({@link PidHttpTarget}) supervised by the engine, then by Debian's
 * monit at its fastest ({@code set daemon 1}, 1 s timeouts), each faulted {@code trials} times with
 * {@code kill -9} (crash) and {@code kill -STOP} (hang). MTTR runs from the fault to the first 200 from a new pid,
 * as a client polling every 5 ms sees it. Before each fault the target has been up for {@link #SETTLE_MS} plus a
 * random part of a second — longer than the engine's healthy period ({@code healthyResetMs}), so no trial waits
 * out a backoff; monit gets the same. The engine's phases come from its own log lines: detect (fault → process_exited, or the probe failure
 * that made it down), decide (→ the restart starts: rules, guards, dispatch), stop, start (spawn → startup probe
 * passed), healthy (→ the client's first 200).
 */
final class MttrPhase {
    static final String SERVICE = "mttr-target";
    /**
     * How long the target is up before a fault, at least; a random share of a second more (seeded, so every run
     * draws the same) puts the faults at every phase of monit's 1 s cycle instead of always the same one.
     */
    static final long SETTLE_MS = 1_500;
    private final java.util.Random jitter = new java.util.Random(8);

    /** A fault the trials inject. */
    enum Fault {
        CRASH("kill -9", "-KILL"), HANG("kill -STOP", "-STOP");

        final String label;
        final String signal;

        Fault(String label, String signal) {
            this.label = label;
            this.signal = signal;
        }
    }

    /** One trial: when the fault was sent (wall clock) and how long until a new pid answered. */
    record Trial(long faultAtMillis, long mttrMs, long firstAnswerAtMillis) {
    }

    private final Path repo;
    private final Path jar;
    private final Path out;
    private final Say say;
    private final int trials;

    MttrPhase(Path repo, Path jar, Path out, Say say, int trials) {
        this.repo = repo;
        this.jar = jar;
        this.out = out;
        this.say = say;
        this.trials = trials;
    }

    void run(List<BenchmarkMain.Row> table) throws Exception {
        MonitBaseline.require();
        Map<Fault, List<Trial>> engine = new java.util.EnumMap<>(Fault.class);
        Map<Fault, EngineRestartLog.Phases> phases = new java.util.EnumMap<>(Fault.class);
        Path engineLog = out.resolve("logs/mttr-engine.log");
        PidHttpTarget target = new PidHttpTarget(BenchmarkMain.freePort());
        try (EngineProcess process = EngineProcess.engine(repo, jar, engineConfig(target),
                BenchmarkMain.freePort(),
                BenchmarkMain.fresh(out, "mttr-engine"), engineLog)) {
            // the relaxed rules compile at start: a minute or more on a busy machine
            process.awaitUp("/health", Duration.ofMinutes(5));
            for (Fault fault : Fault.values()) {
                engine.put(fault, trials("engine", fault, target, () -> openIncidents(process) == 0));
                phases.put(fault, EngineRestartLog.phases(engine.get(fault), engineLog, fault));
            }
        }
        Map<Fault, List<Trial>> monit = new java.util.EnumMap<>(Fault.class);
        PidHttpTarget monitTarget = new PidHttpTarget(BenchmarkMain.freePort());
        Process monitProcess = MonitBaseline.start(monitTarget, out);
        try {
            for (Fault fault : Fault.values()) {
                monit.put(fault, trials("monit", fault, monitTarget, () -> true));
            }
        } finally {
            monitProcess.destroy();
            monitProcess.waitFor(10, TimeUnit.SECONDS);
            monitTarget.processes().forEach(ProcessHandle::destroyForcibly);
        }
        addRows(table, engine, monit, phases);
    }

    private void addRows(List<BenchmarkMain.Row> table, Map<Fault, List<Trial>> engine, Map<Fault, List<Trial>> monit,
                         Map<Fault, EngineRestartLog.Phases> phases) {
        for (Fault fault : Fault.values()) {
            Spread ours = Spread.of(engine.get(fault).stream().map(Trial::mttrMs).toList());
            Spread theirs = Spread.of(monit.get(fault).stream().map(Trial::mttrMs).toList());
            boolean crash = fault == Fault.CRASH;
            boolean met = ours.median() < theirs.median() && (crash ? ours.median() <= 200 && ours.p90() <= 300
                    : ours.median() <= 800);
            table.add(new BenchmarkMain.Row("MTTR after %s, fault → first 200 from a new pid (%d trials)"
                    .formatted(fault.label, trials), ours + " ms", "monit 1 s cycle: " + theirs + " ms",
                    "%.2f".formatted((double) ours.median() / theirs.median()),
                    crash ? "median ≤ 200 ms, p90 ≤ 300 ms, < monit" : "median ≤ 800 ms, < monit", met));
            EngineRestartLog.Phases p = phases.get(fault);
            table.add(new BenchmarkMain.Row("MTTR after %s, engine phases (medians)".formatted(fault.label),
                    "detect %d, decide %d, stop %d, start %d, healthy %d ms".formatted(p.detect(), p.decide(), p.stop(),
                            p.start(), p.healthy()), "", "", "", true));
        }
    }

    private List<Trial> trials(String who, Fault fault, PidHttpTarget target, java.util.concurrent.Callable<Boolean> idle)
            throws Exception {
        List<Trial> done = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            long pid = settled(target, idle);
            long faultAt = System.currentTimeMillis();
            long t0 = System.nanoTime();
            Process kill = new ProcessBuilder("kill", fault.signal, Long.toString(pid)).start();
            long[] answered = new long[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        OptionalLong now = target.answeringPid(200);
                        answered[0] = System.nanoTime();
                        return now.isPresent() && now.getAsLong() != pid;
                    });
            kill.waitFor(5, TimeUnit.SECONDS);
            long mttr = (answered[0] - t0) / 1_000_000;
            done.add(new Trial(faultAt, mttr, faultAt + mttr));
        }
        say.log("  MTTR %-6s %-10s %s ms", who, fault.label, done.stream().map(Trial::mttrMs).toList());
        return done;
    }

    /** Waits until the target answers, its supervisor is idle, and it has been up for SETTLE_MS; its pid. */
    private long settled(PidHttpTarget target, java.util.concurrent.Callable<Boolean> idle) {
        long settleNanos = (SETTLE_MS + jitter.nextInt(1_000)) * 1_000_000;
        long[] first = {0, 0};
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    OptionalLong pid = target.answeringPid(1_000);
                    if (pid.isEmpty() || pid.getAsLong() != first[0] || !idle.call()) {
                        first[0] = pid.orElse(0);
                        first[1] = System.nanoTime();
                        return false;
                    }
                    return System.nanoTime() - first[1] >= settleNanos;
                });
        return first[0];
    }

    private int openIncidents(EngineProcess engine) throws IOException, InterruptedException {
        String health = engine.get("/health").body();
        Matcher open = Pattern.compile("\"openIncidents\"\\s*:\\s*(\\d+)").matcher(health);
        return open.find() ? Integer.parseInt(open.group(1)) : -1;
    }

    /**
     * The engine's configuration: the shipped rules with the guard limits opened up (PolicyVariant: daily budget,
     * dedup, restart-loop count), so that 2 × trials restarts in a few minutes are not a restart loop; the target
     * owned by the engine, probed every 100 ms with a 150 ms timeout, down after 2 failures in a row, startup
     * probe every 10 ms, 500 ms of grace between SIGTERM and SIGKILL, healthy after 1 s.
     */
    private Path engineConfig(PidHttpTarget target) throws IOException {
        Path rules = PolicyVariant.write(repo, out.resolve("variant-mttr"), 0, new BenchFleet(1, 1), 1, true);
        Path config = out.resolve("mttr-engine.yaml");
        Files.writeString(config, """
                # written by the benchmark's MTTR phase
                engine:
                  rulesDir: %s
                inventory:
                  autoRegister: false
                  services:
                    - id: %s
                      verifyWindowMs: 300
                      supervise:
                        argv: [%s]
                        logDir: %s
                        stopGraceMs: 500
                        backoffMs: 500
                        healthyResetMs: 1000
                        startupProbe: {http: "%s", intervalMs: 10, timeoutMs: 150, failureThreshold: 1}
                        probe: {http: "%s", intervalMs: 100, timeoutMs: 150, failureThreshold: 2}
                """.formatted(rules.toAbsolutePath(), SERVICE, String.join(", ", target.argv().stream()
                        .map(arg -> "\"" + arg + "\"").toList()), out.resolve("logs").toAbsolutePath(),
                target.healthUrl(), target.healthUrl()));
        return config;
    }

    /** min / median / p90 / max of a list of milliseconds. */
    record Spread(long min, long median, long p90, long max) {
        static Spread of(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return new Spread(sorted.get(0), HotSwapPhase.median(sorted),
                    sorted.get(Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)), sorted.get(n - 1));
        }

        @Override
        public String toString() {
            return "median %,d (min %,d, p90 %,d, max %,d)".formatted(median, min, p90, max);
        }
    }
}
