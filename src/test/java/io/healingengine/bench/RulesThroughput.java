package io.healingengine.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.files.FileTrees;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import picocli.CommandLine;
import org.slf4j.LoggerFactory;

/**
 * The rules benchmark: how many signals per second the engine's rule session takes with the shipped rules
 * plus {@code --rows} generated policy rows ({@link PolicyVariant}), against the same conditions evaluated
 * by hand ({@link JavaPolicyBaseline}). Run in its own JVM:
 *
 * <pre>
 * java -cp … io.healingengine.bench.RulesThroughput [--rows 1000] [--services 2000] [--tiers 100]
 *     [--seconds 10] [--warmup-seconds 5] [--seed 42] [--unhealthy-every 1000 (0: none)] [--batch 100]
 *     [--relax-guards] [--repo .] [--kjar /tmp/bench-1000.kjar]
 * </pre>
 *
 * Both sides see the same {@link BenchSignals} sequence in batches of {@code --batch} signals: the session
 * as the engine drives it ({@link EngineLikeSession}: realtime clock, one {@code fireAll} per batch, sink
 * drained, actions completed at once), the baseline signal by signal. First a short deterministic run of
 * three rounds over every (service, metric), one signal in 20 unhealthy, checks that both find the same
 * policy matches at the end of each round; then each side warms up and is measured on its own. With
 * {@code --kjar} a compiled variant is kept in that file and reused by the next run of the same sources.
 *
 * <p>The last line on stdout is one JSON object: {@code rows, ruleCount, services, tiers, batch, seconds,
 * unhealthyEvery, relaxedGuards, compileMs}; of the measured session {@code incidentsOpened, actionsDispatched,
 * openIncidentsAtEnd, factsAtEnd}; the rates {@code droolsSignals, droolsSignalsPerSecond,
 * droolsSignalsPerCpuSecond, javaSignals, javaSignalsPerSecond, javaSignalsPerCpuSecond, ratio} (java / drools,
 * wall clock); and from the cross-check {@code matchesDrools, matchesJava, matchesAgree}. Progress goes to
 * the log, one line a second while measuring.
 */
public final class RulesThroughput {
    private static final Logger LOG = LoggerFactory.getLogger(RulesThroughput.class);
    private static final int CHECK_ROUNDS = 3;
    /** Denser than the measured runs, so that the cross-check sees many matches, two-condition rows too. */
    private static final int CHECK_UNHEALTHY_EVERY = 20;

    /** The command line, with its defaults. */
    record Options(int rows, int services, int tiers, int seconds, int warmupSeconds, long seed, int unhealthyEvery,
                   int batch, boolean relaxGuards, Path repo, Path kjar) {
        static Options parse(String[] args) {
            Cli cli = new Cli();
            try {
                new CommandLine(cli).parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return new Options(cli.rows, cli.services, cli.tiers, cli.seconds, cli.warmupSeconds, cli.seed,
                    cli.unhealthyEvery, cli.batch, cli.relaxGuards, cli.repo, cli.kjar);
        }
    }

    /** The options as picocli reads them, as the engine's own commands do. */
    @CommandLine.Command(name = "RulesThroughput")
    private static final class Cli {
        @CommandLine.Option(names = "--rows", defaultValue = "1000")
        int rows;
        @CommandLine.Option(names = "--services", defaultValue = "2000")
        int services;
        @CommandLine.Option(names = "--tiers", defaultValue = "100")
        int tiers;
        @CommandLine.Option(names = "--seconds", defaultValue = "10")
        int seconds;
        @CommandLine.Option(names = "--warmup-seconds", defaultValue = "5")
        int warmupSeconds;
        @CommandLine.Option(names = "--seed", defaultValue = "42")
        long seed;
        @CommandLine.Option(names = "--unhealthy-every", defaultValue = "1000")
        int unhealthyEvery;
        @CommandLine.Option(names = "--batch", defaultValue = "100")
        int batch;
        @CommandLine.Option(names = "--relax-guards")
        boolean relaxGuards;
        @CommandLine.Option(names = "--repo", defaultValue = ".")
        Path repo;
        @CommandLine.Option(names = "--kjar")
        Path kjar;
    }

    /**
     * What a side did in its measured seconds: signals per second of wall-clock time, and per second of the
     * measuring thread's CPU time (which other processes on the machine disturb less; GC threads not counted).
     */
    record Measured(long signals, double perSecond, double perCpuSecond) {
    }

    private RulesThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        Map<String, Object> result = run(options);
        // the command's output, for the orchestrator: one JSON line, last on stdout
        System.out.println(new ObjectMapper().writeValueAsString(result));
    }

    static Map<String, Object> run(Options options) throws IOException {
        BenchFleet fleet = new BenchFleet(options.services(), options.tiers());
        Path dir = Files.createTempDirectory("rules-bench-");
        CompiledRules rules;
        PolicyRows policies;
        long compileMs;
        try {
            PolicyVariant.write(options.repo(), dir, options.rows(), fleet, options.seed(), options.relaxGuards());
            long started = System.nanoTime();
            rules = compile(RuleSource.fromProjectDirectory(dir), options.kjar());
            compileMs = (System.nanoTime() - started) / 1_000_000;
            policies = PolicyRows.of(dir.resolve(PolicyVariant.POLICIES));
        } finally {
            FileTrees.delete(dir);
        }
        LOG.info("bench rules ready: rows={} rules={} compile_ms={}", options.rows(), rules.ruleCount(), compileMs);

        CrossCheck check = crossCheck(rules, policies, fleet, CHECK_UNHEALTHY_EVERY, options.batch());
        LOG.info("bench cross-check: drools={} java={} agree={}", check.drools().size(), check.java().size(),
                check.agree());

        BenchSignals signals = new BenchSignals(fleet, options.unhealthyEvery());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rows", options.rows());
        json.put("ruleCount", rules.ruleCount());
        json.put("services", options.services());
        json.put("tiers", options.tiers());
        json.put("batch", options.batch());
        json.put("seconds", options.seconds());
        json.put("unhealthyEvery", options.unhealthyEvery());
        json.put("relaxedGuards", options.relaxGuards());
        json.put("compileMs", compileMs);
        Measured drools;
        try (EngineLikeSession session = new EngineLikeSession(rules, fleet, false, 0)) {
            drools = measure("drools", options, (from, to) -> session.apply(signals, from, to));
            json.put("incidentsOpened", session.incidentsOpened());
            json.put("actionsDispatched", session.actionsDispatched());
            json.put("openIncidentsAtEnd", session.openIncidents());
            json.put("factsAtEnd", session.factCount());
        }
        LOG.info("bench drools: {} signals/s", Math.round(drools.perSecond()));
        JavaPolicyBaseline baseline = baseline(policies, fleet);
        Measured java = measure("java", options, (from, to) -> {
            for (long seq = from; seq < to; seq++) {
                baseline.observe(signals.service(seq), signals.metric(seq), signals.value(seq));
            }
        });
        LOG.info("bench java: {} signals/s", Math.round(java.perSecond()));
        json.put("droolsSignals", drools.signals());
        json.put("droolsSignalsPerSecond", Math.round(drools.perSecond()));
        json.put("droolsSignalsPerCpuSecond", Math.round(drools.perCpuSecond()));
        json.put("javaSignals", java.signals());
        json.put("javaSignalsPerSecond", Math.round(java.perSecond()));
        json.put("javaSignalsPerCpuSecond", Math.round(java.perCpuSecond()));
        json.put("ratio", Math.round(java.perSecond() / drools.perSecond() * 10) / 10.0);
        json.put("matchesDrools", check.drools().size());
        json.put("matchesJava", check.java().size());
        json.put("matchesAgree", check.agree());
        return json;
    }

    /**
     * Compiles the variant, or with {@code --kjar} loads the kjar saved there by an earlier run of the same
     * sources (its release version is their checksum) and saves a fresh compile there otherwise.
     */
    private static CompiledRules compile(RuleSource source, Path kjar) throws IOException {
        if (kjar != null && Files.exists(kjar)) {
            CompiledRules loaded = RuleCompiler.load(Files.readAllBytes(kjar), kjar.toString());
            if (loaded.checksum().equals(source.checksum())) {
                return loaded;
            }
            LOG.info("bench kjar {} was built from other sources; compiling", kjar);
        }
        CompiledRules compiled = RuleCompiler.compile(source);
        if (kjar != null) {
            Files.write(kjar, compiled.kjar());
        }
        return compiled;
    }


    /** The final match sets of both sides after the same short deterministic run, and whether they agreed. */
    record CrossCheck(Set<String> drools, Set<String> java, boolean agree) {
    }

    /**
     * Runs {@code CHECK_ROUNDS} rounds over every (service, metric) through a fresh session and a fresh
     * baseline, in the same batches, one signal in {@code unhealthyEvery} unhealthy; compares their match
     * sets at the end of every round.
     */
    static CrossCheck crossCheck(CompiledRules rules, PolicyRows policies, BenchFleet fleet, int unhealthyEvery,
                                 int batch) {
        BenchSignals signals = new BenchSignals(fleet, unhealthyEvery);
        JavaPolicyBaseline baseline = baseline(policies, fleet);
        try (EngineLikeSession session = new EngineLikeSession(rules, fleet, false, 0)) {
            boolean agree = true;
            Set<String> drools = Set.of();
            Set<String> java = Set.of();
            for (int round = 0; round < CHECK_ROUNDS; round++) {
                long end = (round + 1) * signals.round();
                for (long from = round * signals.round(); from < end; from += batch) {
                    long to = Math.min(end, from + batch);
                    session.apply(signals, from, to);
                    for (long seq = from; seq < to; seq++) {
                        baseline.observe(signals.service(seq), signals.metric(seq), signals.value(seq));
                    }
                }
                drools = session.matches();
                java = baseline.matches();
                agree &= drools.equals(java);
            }
            return new CrossCheck(drools, java, agree);
        }
    }

    static JavaPolicyBaseline baseline(PolicyRows policies, BenchFleet fleet) {
        JavaPolicyBaseline baseline = new JavaPolicyBaseline(policies.rows());
        for (int i = 0; i < fleet.services(); i++) {
            baseline.register(fleet.service(i), fleet.tier(i));
        }
        return baseline;
    }

    private interface Batch {
        void apply(long from, long to);
    }

    /** Batches until the warm-up has passed, then counts the signals of the measured seconds. */
    private static Measured measure(String side, Options options, Batch batch) {
        long seq = 0;
        long warmEnd = System.nanoTime() + options.warmupSeconds() * 1_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            batch.apply(seq, seq + options.batch());
            seq += options.batch();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + options.seconds() * 1_000_000_000L;
        long first = seq;
        long now;
        long secondEnd = start + 1_000_000_000L;
        long secondFirst = seq;
        do {
            batch.apply(seq, seq + options.batch());
            seq += options.batch();
            now = System.nanoTime();
            if (now >= secondEnd) { // the trend: does it slow down as incidents and ledger entries accumulate?
                long second = (secondEnd - start) / 1_000_000_000L;
                LOG.info("bench {}: second={} signals={}", side, second, seq - secondFirst);
                secondEnd += 1_000_000_000L;
                secondFirst = seq;
            }
        } while (now < end);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        long signalsMeasured = seq - first;
        return new Measured(signalsMeasured, signalsMeasured * 1e9 / (now - start), signalsMeasured * 1e9 / cpu);
    }
}
