package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ActionsConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.OncallConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor that hangs, one that crashes and one that is not there: each action still ends — TIMED_OUT
 * or FAILED with the reason in the decision chain — and the ladder goes on to page a human, through a real
 * engine, real child processes and a real local pager.
 */
class ExecutorFaultsIT {
    @TempDir
    Path temp;

    @Test
    void shouldKillAHangingRestartAtItsTimeoutRecordTimedOutAndPage() throws Exception {
        // given: a service whose restart command (and the child it starts) sleeps for ten minutes; timeout 1 s
        Path pids = temp.resolve("pids");
        List<String> hanging = List.of("sh", "-c", "sleep 600 & echo $! > " + pids + ".child; echo $$ > " + pids
                + "; wait");

        // when: its heartbeats stop, so the engine restarts it
        JsonNode chain = chainOnceEscalated(hanging, 1_000, null);

        // then: the restart ended TIMED_OUT, the chain says so, and the ladder paged
        JsonNode restart = chain.get("actions").get(0);
        assertThat(restart.get("action").asText()).isEqualTo("restart");
        assertThat(restart.get("outcome").asText()).isEqualTo("TIMED_OUT");
        assertThat(restart.get("detail").asText()).contains("sh killed after its timeout");
        assertThat(restart.get("durationMs").asLong()).isBetween(1_000L, 10_000L);
        assertThat(stepDetail(chain, "action_failed")).startsWith("restart TIMED_OUT after");
        assertThat(chain.get("actions").get(1).get("action").asText()).isEqualTo("alert-oncall");
        // and the command and its child were killed, not left running
        long shell = Long.parseLong(Files.readString(pids).strip());
        long child = Long.parseLong(Files.readString(Path.of(pids + ".child")).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> !running(shell) && !running(child));
    }

    @Test
    void shouldRecordFailedWithTheExitWhenTheRestartCommandDiesAndPage() throws Exception {
        // given: a service whose restart command kills itself with SIGKILL
        List<String> dying = List.of("sh", "-c", "kill -KILL $$");

        // when
        JsonNode chain = chainOnceEscalated(dying, 10_000, null);

        // then: FAILED with the signal's exit status (128 + 9), and escalated to a human
        JsonNode restart = chain.get("actions").get(0);
        assertThat(restart.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(restart.get("detail").asText()).isEqualTo("sh exited 137");
        assertThat(stepDetail(chain, "action_failed")).startsWith("restart FAILED after").endsWith("sh exited 137");
    }

    @Test
    void shouldRecordFailedNamingTheAddressWhenNoExecutorListensAndPage() throws Exception {
        // given: an engine whose restart executor is switched off (actions.disabled: [restart])
        ActionsConfig noRestarts = new ActionsConfig(null, null, List.of("restart"));

        // when
        JsonNode chain = chainOnceEscalated(List.of("true"), 10_000, noRestarts);

        // then: FAILED with Vert.x's NO_HANDLERS reason, and the page still went out
        JsonNode restart = chain.get("actions").get(0);
        assertThat(restart.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(restart.get("detail").asText()).isEqualTo("no executor listens on selfheal.action.restart");
        assertThat(stepDetail(chain, "action_failed")).endsWith("no executor listens on selfheal.action.restart");
    }

    @Test
    void shouldGiveUpAPageAtItsOwnTimeoutWhenThePagerNeverAnswers() throws Exception {
        // given: a restart that fails, a pager that takes the page and never answers, and a page timeout of
        // 300 ms (actions.timeoutMs.alert-oncall) where the pager's own setting would wait two minutes
        ServiceConfig billing = heartbeating("billing", List.of("false"), 10_000);
        try (PageReceiver pager = PageReceiver.silent()) {
            EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing), null);
            EngineConfig config = new EngineConfig(base.server(), base.dataDir(), base.engine(), base.inventory(),
                    new OncallConfig(pager.url(), 120_000), base.deploy(), base.integrations(),
                    new ActionsConfig(Map.of("alert-oncall", 300L), null, null), null, null, base.auth(), base.intake());
            try (EngineFixture engine = EngineFixture.start(config)) {
                // when
                heartbeatThenFallSilent(engine, "billing");

                // then: the page is TIMED_OUT, and the incident is handed over saying the page failed
                JsonNode chain = escalatedChain(engine, pager);
                JsonNode page = chain.get("actions").get(1);
                assertThat(page.get("action").asText()).isEqualTo("alert-oncall");
                assertThat(page.get("outcome").asText()).isEqualTo("TIMED_OUT");
                assertThat(page.get("detail").asText()).isEqualTo("POST " + pager.url() + " timed out");
                assertThat(stepDetail(chain, "incident_escalated")).isEqualTo("PAGE FAILED (POST " + pager.url()
                        + " timed out); a human must look at this incident");
            }
        }
    }

    /**
     * Runs an engine with a pager and a heartbeating service "billing" restarted by {@code restartArgv}, lets
     * billing fall silent, and returns the chain of its incident once it is escalated and the page arrived.
     */
    private JsonNode chainOnceEscalated(List<String> restartArgv, int timeoutMs, ActionsConfig actions)
            throws Exception {
        ServiceConfig billing = heartbeating("billing", restartArgv, timeoutMs);
        try (PageReceiver pager = new PageReceiver()) {
            EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing), pager.url());
            EngineConfig config = new EngineConfig(base.server(), base.dataDir(), base.engine(), base.inventory(),
                    base.oncall(), base.deploy(), base.integrations(), actions, null, null, base.auth(), base.intake());
            try (EngineFixture engine = EngineFixture.start(config)) {
                heartbeatThenFallSilent(engine, "billing");
                return escalatedChain(engine, pager);
            }
        }
    }

    private static ServiceConfig heartbeating(String id, List<String> restartArgv, int timeoutMs) {
        return new ServiceConfig(id, "standard", 200L, 1_000L, false,
                new RestartConfig(restartArgv, null, Map.of(), timeoutMs), Map.of());
    }

    private static void heartbeatThenFallSilent(EngineFixture engine, String service) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"" + service + "\"}").statusCode())
                    .isEqualTo(202);
        }
    }

    /** The chain of the one escalated incident, once the pager has its page. */
    private static JsonNode escalatedChain(EngineFixture engine, PageReceiver pager) throws Exception {
        JsonNode escalated = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> list(engine.getJson("/api/v1/incidents?status=ESCALATED").get("incidents")),
                        l -> l.size() == 1).get(0);
        String incidentId = escalated.get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> !pager.pages().isEmpty());
        assertThat(EngineFixture.JSON.readTree(pager.pages().get(0)).get("incidentId").asText()).isEqualTo(incidentId);
        JsonNode chain = engine.getJson("/api/v1/incidents/" + incidentId);
        assertThat(chain.get("steps").findValuesAsText("event")).containsSubsequence("incident_opened",
                "action_started", "action_failed", "action_proposed", "action_started", "incident_escalated");
        return chain;
    }

    private static String stepDetail(JsonNode chain, String event) {
        return list(chain.get("steps")).stream().filter(s -> s.get("event").asText().equals(event))
                .map(s -> s.get("detail").asText()).findFirst().orElseThrow();
    }

    /** Whether a process runs: it exists and is not a zombie waiting to be reaped. */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String text = Files.readString(stat);
            return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
