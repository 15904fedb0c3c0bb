package io.healingengine.simulation;

import java.util.List;
import java.util.Map;

/**
 * A timed list of what services report, for {@code simulate}. Times are offsets from the start: "0s",
 * "1.5s", "2m", "250ms".
 *
 * @param services the services (an inventory: id, tier, heartbeat interval)
 * @param steps    what happens when, in any order (replayed sorted by time)
 * @param outcomes what the simulated executor reports per action id ("default" for the rest):
 *                 SUCCEEDED, FAILED or TIMED_OUT (default SUCCEEDED)
 * @param duration how long to run after the last step (default "60s"), so validation windows can end
 */
public record Scenario(List<ScenarioService> services, List<Step> steps, Map<String, String> outcomes, String duration) {
    public Scenario {
        services = services == null ? List.of() : List.copyOf(services);
        steps = steps == null ? List.of() : List.copyOf(steps);
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
        duration = duration == null ? "60s" : duration;
    }

    /** A service of the scenario's inventory. */
    public record ScenarioService(String id, String tier, Long heartbeatIntervalMs, Long verifyWindowMs) {
        public ScenarioService {
            tier = tier == null ? "standard" : tier;
            heartbeatIntervalMs = heartbeatIntervalMs == null ? 0L : heartbeatIntervalMs;
            verifyWindowMs = verifyWindowMs == null ? 10_000L : verifyWindowMs;
        }
    }

    /** At {@code at}: signals (service, metric, value) and/or heartbeats of the named services. */
    public record Step(String at, List<ScenarioSignal> signals, List<String> heartbeats) {
        public Step {
            signals = signals == null ? List.of() : List.copyOf(signals);
            heartbeats = heartbeats == null ? List.of() : List.copyOf(heartbeats);
        }
    }

    /** One metric value of one service. */
    public record ScenarioSignal(String service, String metric, double value) {
    }
}
