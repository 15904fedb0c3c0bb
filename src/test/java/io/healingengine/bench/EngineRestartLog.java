package io.healingengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MTTR phases of the engine's restarts from its log: detect (fault → {@code process_exited}, or the
 * {@code probe_failed} line that reached the threshold), decide (→ the restart began: rules, guards, dispatch),
 * stop, start (spawn → startup probe passed; both from {@code process_restarted}) and healthy (→ the benchmark's
 * first 200).
 */
final class EngineRestartLog {
    private static final Pattern LINE_TIME = Pattern.compile("^(\\S+) ");
    private static final Pattern RESTARTED = Pattern.compile("stop_ms=(\\d+) backoff_ms=(\\d+) start_ms=(\\d+)");
    private static final Pattern FAILURES = Pattern.compile("failures=(\\d+) threshold=(\\d+)");

    /** Medians of the engine's phases over the trials of one fault. */
    record Phases(long detect, long decide, long stop, long start, long healthy) {
    }

    private EngineRestartLog() {
    }

    /** The engine's phases of each trial, from its log, as medians. */
    static Phases phases(List<MttrPhase.Trial> trials, Path log, MttrPhase.Fault fault) throws IOException {
        List<String> lines = Files.readAllLines(log);
        List<Long> detect = new ArrayList<>();
        List<Long> decide = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        List<Long> start = new ArrayList<>();
        List<Long> healthy = new ArrayList<>();
        for (MttrPhase.Trial trial : trials) {
            long detectedAt = 0;
            for (String line : lines) {
                long at = timeOf(line);
                if (at < trial.faultAtMillis() || at > trial.firstAnswerAtMillis() + 1_000) {
                    continue;
                }
                boolean down = fault == MttrPhase.Fault.CRASH ? line.contains("event=process_exited")
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
        Matcher m = FAILURES.matcher(line);
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
}
