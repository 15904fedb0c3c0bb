package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ActionsConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.EngineSettings;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.SelfWatchConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.rules.RuleVariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine watches itself: real violations — a worker thread blocked past Vert.x's limit, an action
 * still in flight after its result was due, a session over its fact bound — show in {@code /health}
 * (DEGRADED, with since and lastSeen) and are counted in {@code /metrics}.
 */
class SelfWatchIT {
    private static final Pattern BLOCKED_WORKERS = Pattern.compile(
            "(?m)^selfheal_threads_blocked_total\\{thread=\"worker\"} (\\d+)\\.0$");

    @TempDir
    Path temp;

    @Test
    void shouldCountBlockedThreadWarningsAndReportThemInHealthWhenARestartHoldsAWorkerPastTheLimit() throws Exception {
        // given: worker threads may be busy 200 ms with one task, and the restart command takes 1.5 s
        ServiceConfig billing = heartbeating(List.of("sleep", "1.5"), 10_000);
        SelfWatchConfig watch = new SelfWatchConfig(null, null, 50L, null, 200L);
        try (EngineFixture engine = EngineFixture.start(with(EngineFixture.config(temp.resolve("data"),
                List.of(billing), null), null, null, watch))) {
            assertThat(engine.getJson("/health").get("status").asText()).isEqualTo("UP");

            // when: its heartbeats stop, and the engine runs the restart on a worker thread
            heartbeatThenFallSilent(engine);

            // then: Vert.x's warnings are counted, and /health names the blocked worker thread
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> blockedWorkers(engine.get("/metrics").body()) >= 1);
            // (listed until selfWatch.intervalMs, 5 s by default, passes without another warning)
            JsonNode health = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> engine.getJson("/health"), h -> !violations(h, "thread_blocked").isEmpty());
            assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
            JsonNode blocked = violations(health, "thread_blocked").get(0);
            assertThat(blocked.get("subject").asText()).startsWith("vert.x-worker-thread-");
            assertThat(blocked.get("detail").asText()).contains("worker thread blocked for").contains("limit 200 ms");
            assertThat(blocked.get("since").asText()).isNotBlank();
            assertThat(blocked.get("lastSeen").asText()).isNotBlank();
        }
    }

    @Test
    void shouldReportAnActionOverdueWhenTheRulesNeverRetireItsRequest() throws Exception {
        // given: rules in which an analyst's edit lost the retirement of finished requests (no delete($q) in
        // ladder.drl), a restart that succeeds at once, a 300 ms timeout, no reply margin, checks every 200 ms
        Path rules = RuleVariants.copyOfProject("no-request-retirement");
        Path ladder = rules.resolve("rules/remediation/ladder.drl");
        Files.writeString(ladder, Files.readString(ladder).replace("    delete($q);\n", ""));
        ServiceConfig billing = heartbeating(List.of("true"), 300);
        EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing), null);
        EngineConfig config = with(base, new EngineSettings(50, 3, 3_000L, false, rules.toString()),
                new ActionsConfig(null, 0L, null), new SelfWatchConfig(200L, null, null, null, null));
        try (EngineFixture engine = EngineFixture.start(config)) {
            // when: the engine restarts the service, and the restart's result arrives
            heartbeatThenFallSilent(engine);
            String requestId = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> firstActionId(engine), id -> id != null);

            // then: once its result was due (300 ms) and a check interval more has passed, /health says so
            JsonNode overdue = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> violations(engine.getJson("/health"), "action_overdue").stream()
                            .filter(v -> v.get("subject").asText().equals(requestId)).findFirst().orElse(null),
                            v -> v != null);
            assertThat(overdue.get("detail").asText()).startsWith("restart on billing (incident ")
                    .contains("its result was due after 300 ms");
            assertThat(engine.getJson("/health").get("status").asText()).isEqualTo("DEGRADED");
            assertThat(engine.get("/metrics").body())
                    .contains("selfheal_invariant_violations_total{invariant=\"action_overdue\"}");
        }
    }

    @Test
    void shouldReportTheSessionOverItsFactBoundWhenItHoldsMoreFacts() throws Exception {
        // given: a session allowed 5 facts (the shipped guard limits alone are more)
        try (EngineFixture engine = EngineFixture.start(with(EngineFixture.config(temp.resolve("data"),
                List.of(heartbeating(List.of("true"), 1_000)), null), null, null,
                new SelfWatchConfig(200L, 5L, null, null, null)))) {
            // when: the first check runs
            JsonNode bound = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> violations(engine.getJson("/health"), "session_facts_over_bound"), l -> !l.isEmpty())
                    .get(0);

            // then
            long facts = engine.getJson("/health").get("factsInSession").asLong();
            assertThat(bound.get("detail").asText()).endsWith("facts in the rule session, more than "
                    + "selfWatch.maxSessionFacts 5");
            assertThat(facts).isGreaterThan(5);
            assertThat(engine.get("/metrics").body()).contains("selfheal_invariant_violations_open 1.0");
        }
    }

    private static EngineConfig with(EngineConfig base, EngineSettings engine, ActionsConfig actions,
                                     SelfWatchConfig watch) {
        return new EngineConfig(base.server(), base.dataDir(), engine == null ? base.engine() : engine,
                base.inventory(), base.oncall(), base.deploy(), base.integrations(), actions, watch, null,
                base.auth(), base.intake());
    }

    private static ServiceConfig heartbeating(List<String> restartArgv, int timeoutMs) {
        return new ServiceConfig("billing", "standard", 200L, 1_000L, false,
                new RestartConfig(restartArgv, null, Map.of(), timeoutMs), Map.of());
    }

    private static void heartbeatThenFallSilent(EngineFixture engine) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}").statusCode()).isEqualTo(202);
        }
    }

    private static String firstActionId(EngineFixture engine) throws Exception {
        JsonNode history = engine.getJson("/api/v1/history?limit=10");
        JsonNode actions = history.get("history");
        return StreamSupport.stream(actions.spliterator(), false).filter(a -> a.get("action").asText().equals("restart"))
                .filter(a -> !a.path("outcome").isNull() && !a.path("outcome").isMissingNode())
                .map(a -> a.get("id").asText()).findFirst().orElse(null);
    }

    private static List<JsonNode> violations(JsonNode health, String invariant) {
        return StreamSupport.stream(health.get("invariantViolations").spliterator(), false)
                .filter(v -> v.get("invariant").asText().equals(invariant)).toList();
    }

    private static long blockedWorkers(String metrics) {
        Matcher m = BLOCKED_WORKERS.matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
