package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.List;
import java.util.Map;

/**
 * A supervised service: either <b>owned</b> — the engine starts it from {@code argv} and restarts it — or
 * <b>watched</b> through its {@code pidfile}. Either way its exit is known the moment it happens and reaches
 * the rules as a fact: for an owned process with its exit status (above 128: a signal, or that exit code — the
 * JDK reports both alike), for a watched one without (not the engine's child: its status is unknown).
 *
 * @param argv             program and arguments of the owned process, run without a shell (owned mode)
 * @param workingDir       its working directory (default: the engine's)
 * @param env              extra environment variables
 * @param logDir           stdout and stderr go to {@code <logDir>/<id>.out.log} and {@code <id>.err.log}
 *                         (default: {@code <dataDir>/supervise})
 * @param logMaxBytes      a log file is rotated when it reaches this size (default 10485760)
 * @param logFiles         rotated files kept per stream besides the current one (default 3)
 * @param pidfile          file holding the pid of a process started elsewhere (watched mode)
 * @param stopGraceMs      after SIGTERM (and SIGCONT, for a stopped process), this long before SIGKILL
 *                         (default 5000)
 * @param startupTimeoutMs a started process that has not passed its startup probe by then is stopped and
 *                         the restart FAILED (default 30000)
 * @param startupProbe     decides when a started process is up; polled at its interval (default: the liveness
 *                         probe, polled every 20 ms)
 * @param probe            the liveness probe, from the moment the startup probe passed (optional); its results
 *                         also become the service's {@code probe:*} metric states (docs/rules.md#probe-metrics)
 * @param backoffMs        delay before the start of a process that lived less than {@code healthyResetMs},
 *                         doubled for each such start in a row; the first restart after a healthy period
 *                         is immediate (default 500)
 * @param backoffMaxMs     the largest delay (default 30000)
 * @param healthyResetMs   a process up this long resets the backoff (default 60000)
 */
public record SuperviseConfig(List<String> argv, String workingDir, Map<String, String> env, String logDir,
                              Long logMaxBytes, Integer logFiles, String pidfile, Long stopGraceMs,
                              Long startupTimeoutMs, ProbeConfig startupProbe, ProbeConfig probe, Long backoffMs,
                              Long backoffMaxMs, Long healthyResetMs) {
    public static final long DEFAULT_LOG_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_LOG_FILES = 3;
    public static final long DEFAULT_STOP_GRACE_MS = 5_000;
    public static final long DEFAULT_STARTUP_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_STARTUP_INTERVAL_MS = 20;
    public static final long MIN_STARTUP_INTERVAL_MS = 10;
    public static final long DEFAULT_BACKOFF_MS = 500;
    public static final long DEFAULT_BACKOFF_MAX_MS = 30_000;
    public static final long DEFAULT_HEALTHY_RESET_MS = 60_000;

    public SuperviseConfig {
        argv = argv == null ? List.of() : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        logMaxBytes = logMaxBytes == null ? DEFAULT_LOG_MAX_BYTES : logMaxBytes;
        logFiles = logFiles == null ? DEFAULT_LOG_FILES : logFiles;
        stopGraceMs = stopGraceMs == null ? DEFAULT_STOP_GRACE_MS : stopGraceMs;
        startupTimeoutMs = startupTimeoutMs == null ? DEFAULT_STARTUP_TIMEOUT_MS : startupTimeoutMs;
        backoffMs = backoffMs == null ? DEFAULT_BACKOFF_MS : backoffMs;
        backoffMaxMs = backoffMaxMs == null ? DEFAULT_BACKOFF_MAX_MS : backoffMaxMs;
        healthyResetMs = healthyResetMs == null ? DEFAULT_HEALTHY_RESET_MS : healthyResetMs;
    }

    /** Whether the engine starts and restarts the process itself. */
    public boolean owned() {
        return !argv.isEmpty();
    }

    /** Failed liveness probes in a row that make the process down (1: without a probe, only its exit does). */
    public int probeFailureThreshold() {
        return probe == null ? 1 : probe.failureThreshold();
    }

    /** The startup probe: the one configured, or the liveness probe polled every 20 ms; null without either. */
    public ProbeConfig effectiveStartupProbe() {
        if (startupProbe != null || probe == null) {
            return startupProbe;
        }
        return new ProbeConfig(probe.http(), probe.expectStatus(), probe.bodyContains(), probe.tcp(), probe.argv(),
                DEFAULT_STARTUP_INTERVAL_MS, probe.timeoutMs(), 1);
    }

    void validate(String key) {
        check(owned() != (pidfile != null), key, "must set exactly one of argv (owned) or pidfile (watched)");
        for (int i = 0; i < argv.size(); i++) {
            check(argv.get(i) != null && !argv.get(i).isEmpty(), key + ".argv[" + i + "]", "must not be empty");
        }
        check(logMaxBytes >= 1024, key + ".logMaxBytes", "must be >= 1024, but was " + logMaxBytes);
        check(logFiles >= 0 && logFiles <= 100, key + ".logFiles", "must be between 0 and 100, but was " + logFiles);
        check(stopGraceMs >= 0, key + ".stopGraceMs", "must be >= 0, but was " + stopGraceMs);
        check(startupTimeoutMs >= 1, key + ".startupTimeoutMs", "must be >= 1, but was " + startupTimeoutMs);
        check(backoffMs >= 0, key + ".backoffMs", "must be >= 0, but was " + backoffMs);
        check(backoffMaxMs >= backoffMs, key + ".backoffMaxMs", "must be >= backoffMs, but was " + backoffMaxMs);
        check(healthyResetMs >= 0, key + ".healthyResetMs", "must be >= 0, but was " + healthyResetMs);
        if (startupProbe != null) {
            startupProbe.validate(key + ".startupProbe", MIN_STARTUP_INTERVAL_MS);
        }
        if (probe != null) {
            probe.validate(key + ".probe");
        }
    }
}
