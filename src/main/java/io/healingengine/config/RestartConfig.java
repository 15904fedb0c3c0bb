package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.List;
import java.util.Map;

/**
 * How to restart one service: an argv list run directly (never through a shell, and never with
 * anything taken from an event), with its working directory, extra environment and timeout.
 *
 * @param argv       program and arguments, e.g. ["systemctl", "restart", "checkout.service"]
 * @param workingDir working directory (default: the engine's)
 * @param env        extra environment variables
 * @param timeoutMs  after this the command is killed and the action TIMED_OUT (default 30000)
 */
public record RestartConfig(List<String> argv, String workingDir, Map<String, String> env, Integer timeoutMs) {
    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    public RestartConfig {
        argv = argv == null ? List.of() : List.copyOf(argv);
        env = env == null ? Map.of() : Map.copyOf(env);
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    void validate(String key) {
        check(!argv.isEmpty(), key + ".argv", "must name the program to run");
        for (int i = 0; i < argv.size(); i++) {
            check(argv.get(i) != null && !argv.get(i).isEmpty(), key + ".argv[" + i + "]", "must not be empty");
        }
        check(timeoutMs >= 1 && timeoutMs <= 3_600_000, key + ".timeoutMs",
                "must be between 1 and 3600000, but was " + timeoutMs);
    }
}
