package io.healingengine.bench;

import io.healingengine.supervise.PidHttpTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
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
    private static final Pattern LINE_TIME = Pattern.compile("^(\\S+) ");
    private static final Pattern RESTARTED = Pattern.compile("stop_ms=(\\d+) backoff_ms=(\\d+) start_ms=(\\d+)");

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

    /** Medians of the engine's phases over the trials of one fault. */
    record Phases(long detect, long decide, long stop, long start, long healthy) {
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
        requireMonit();
        Map<Fault, List<Trial>> engine = new java.util.EnumMap<>(Fault.class);
        Map<Fault, Phases> phases = new java.util.EnumMap<>(Fault.class);
        Path engineLog = out.resolve("logs/mttr-engine.log");
        PidHttpTarget target = new PidHttpTarget(BenchmarkMain.freePort());
        try (EngineProcess process = EngineProcess.engine(jar, engineConfig(target), BenchmarkMain.freePort(),
                BenchmarkMain.fresh(out, "mttr-engine"), engineLog)) {
            // the relaxed rules compile at start: a minute or more on a busy machine
            process.awaitUp("/health", Duration.ofMinutes(5));
            for (Fault fault : Fault.values()) {
                engine.put(fault, trials("engine", fault, target, () -> openIncidents(process) == 0));
                phases.put(fault, phases(engine.get(fault), engineLog, fault));
            }
        }
        Map<Fault, List<Trial>> monit = new java.util.EnumMap<>(Fault.class);
        PidHttpTarget monitTarget = new PidHttpTarget(BenchmarkMain.freePort());
        Process monitProcess = startMonit(monitTarget);
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
                         Map<Fault, Phases> phases) {
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
            Phases p = phases.get(fault);
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

    /** The engine's phases of each trial, from its log, as medians. */
    private static Phases phases(List<Trial> trials, Path log, Fault fault) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<Long> detect = new ArrayList<>();
        List<Long> decide = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> start = new ArrayList<>();
        List<Long> healthy = new ArrayList<>();
        for (Trial trial : trials) {
            long detectedAt = 0;
            for (String line : lines) {
                long at = timeOf(line);
                if (at < trial.faultAtMillis() || at > trial.firstAnswerAtMillis() + 1_000) {
                    continue;
                }
                boolean down = fault == Fault.CRASH ? line.contains("event=process_exited")
                        : line.contains("event=probe_failed") && failuresReachedThreshold(line);
                if (detectedAt == 0 && down) {
                    detectedAt = at;
                }
                Matcher restarted = RESTARTED.matcher(line);
                if (detectedAt != 0 && line.contains("event=process_restarted") && restarted.find()) {
                    long stopMs = Long.parseLong(restarted.group(1));
                    long startMs = Long.parseLong(restarted.group(3));
                    long restartBegan = at - stopMs - Long.parseLong(restarted.group(2)) - startMs;
                    detect.add(detectedAt - trial.faultAtMillis());
                    decide.add(Math.max(0, restartBegan - detectedAt));
                    stop.add(stopMs);
                    start.add(startMs);
                    healthy.add(Math.max(0, trial.firstAnswerAtMillis() - at));
                    break;
                }
            }
        }
        return new Phases(HotSwapPhase.median(detect), HotSwapPhase.median(decide), HotSwapPhase.median(stop),
                HotSwapPhase.median(start), HotSwapPhase.median(healthy));
    }

    private static boolean failuresReachedThreshold(String line) {
        Matcher m = Pattern.compile("failures=(\\d+) threshold=(\\d+)").matcher(line);
        return m.find() && m.group(1).equals(m.group(2));
    }

    private static long timeOf(String line) {
        Matcher m = LINE_TIME.matcher(line);
        try {
            return m.find() ? Instant.parse(m.group(1)).toEpochMilli() : 0;
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
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

    /**
     * Debian's monit in the foreground ({@code -I}) with a control file, state and pid files of its own, at its
     * fastest: a 1 s cycle, restart on the first failed check, 1 s timeouts for the HTTP check and the programs.
     * monit expects its start program to return (it kills one still running after the timeout), so the target is
     * started in the background by {@code sh}; the target writes the pidfile monit checks. monit runs below
     * {@code subreaper.py}, which reaps the orphaned target the moment it dies, as a host's init does (otherwise
     * monit sees a killed target as a zombie until the container's pid 1 gets to it). Its stop program sends
     * SIGKILL, which ends a stopped process too (monit's own stop cannot).
     */
    private Process startMonit(PidHttpTarget target) throws IOException {
        Path dir = Files.createDirectories(out.resolve("monit"));
        Path pidfile = dir.resolve("target.pid");
        Path rc = dir.resolve("monitrc");
        Files.deleteIfExists(rc);
        Files.createFile(rc, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(rc, """
                set daemon 1
                set logfile %1$s/monit.log
                set pidfile %1$s/monit.pid
                set idfile %1$s/monit.id
                set statefile %1$s/monit.state
                check process %2$s with pidfile %3$s
                  start program = "/bin/sh -c '%4$s --pidfile %3$s >/dev/null 2>&1 &'" with timeout 1 seconds
                  stop program = "/bin/sh -c 'kill -9 $(cat %3$s)'" with timeout 1 seconds
                  if failed host 127.0.0.1 port %5$d protocol http request "/health" with timeout 1 seconds
                     for 1 cycles then restart
                """.formatted(dir.toAbsolutePath(), SERVICE, pidfile.toAbsolutePath(), String.join(" ", target.argv()),
                target.port()));
        Path subreaper = PidHttpTarget.script().resolveSibling("subreaper.py");
        return new ProcessBuilder(PidHttpTarget.PYTHON, "-S", "-E", subreaper.toString(), "/usr/bin/monit", "-I", "-c",
                rc.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(out.resolve("logs/mttr-monit.log").toFile())).start();
    }

    private static void requireMonit() {
        if (!Files.isExecutable(Path.of("/usr/bin/monit")) || !Files.isExecutable(Path.of(PidHttpTarget.PYTHON))) {
            throw new IllegalStateException("monit or python3 is not installed: run scripts/bench.sh, which installs them "
                    + "(apt-get install monit python3-minimal)");
        }
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
