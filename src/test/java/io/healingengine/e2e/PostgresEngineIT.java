package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.audit.PostgresServer;
import io.healingengine.config.DatabaseConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine whose audit trail and state live in a real PostgreSQL server (database.url, a password file):
 * it heals, is stopped with an action in flight, and the next engine on the same database verifies that
 * action instead of running it again, with the whole history still there.
 */
class PostgresEngineIT {
    @TempDir
    Path temp;

    @AfterEach
    void killLeftovers() throws Exception {
        Path marker = temp.resolve("restart-runs");
        if (Files.exists(marker)) {
            for (String pid : Files.readAllLines(marker)) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void shouldHealAndKeepItsWorkAcrossARestartWhenItsStoreIsPostgres() throws Exception {
        // given: an engine on a new PostgreSQL database; billing heartbeats, and its restart takes a minute
        String url = PostgresServer.shared().createDatabase();
        EngineConfig config = config(url);
        Path marker = temp.resolve("restart-runs");
        String incidentId;
        try (EngineFixture engine = EngineFixture.start(config)) {
            for (int i = 0; i < 3; i++) {
                assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}").statusCode()).isEqualTo(202);
            }
            // when: billing falls silent, the engine restarts it, and the engine stops while the restart runs
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
            JsonNode acting = await().atMost(Duration.ofSeconds(10)).until(() -> list(
                    engine.getJson("/api/v1/incidents?status=ACTING").get("incidents")), l -> l.size() == 1).get(0);
            incidentId = acting.get("id").asText();
        }

        // then: the next engine on the same database verifies the lost restart, and heartbeats resolve it
        try (EngineFixture engine = EngineFixture.start(config)) {
            String id = incidentId;
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, id).equals("VERIFYING"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}");
                return status(engine, id).equals("RESOLVED");
            });
            JsonNode chain = engine.getJson("/api/v1/incidents/" + id);
            assertThat(chain.get("steps").findValuesAsText("event")).containsSubsequence("incident_opened",
                    "action_started", "action_outcome_unknown", "recovery_observed", "verdict_recovered",
                    "incident_resolved");
            assertThat(chain.get("actions").get(0).get("outcome").asText()).isEqualTo("UNKNOWN");
            assertThat(chain.get("actions").get(0).get("success").asBoolean()).isTrue();
            assertThat(Files.readAllLines(marker)).as("restart runs").hasSize(1);
            assertThat(engine.getJson("/health").get("healing24h").get("successes").asLong()).isEqualTo(1);
        }
        // and nothing of it went to an embedded database
        assertThat(temp.resolve("data").resolve("audit.mv.db")).doesNotExist();
    }

    private EngineConfig config(String url) throws Exception {
        ServiceConfig billing = new ServiceConfig("billing", "standard", 200L, 1_000L, false,
                new RestartConfig(List.of("sh", "-c", "echo $$ >> \"$MARKER\"; exec sleep 60"), null,
                        Map.of("MARKER", temp.resolve("restart-runs").toString()), 120_000), Map.of());
        EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing), null);
        return new EngineConfig(base.server(), base.dataDir(), base.engine(), base.inventory(), base.oncall(),
                base.deploy(), base.integrations(), null, null, new DatabaseConfig(url, PostgresServer.USER,
                PostgresServer.passwordFile(temp).toString(), null), base.auth(), base.intake());
    }

    private static String status(EngineFixture engine, String incidentId) throws Exception {
        return engine.getJson("/api/v1/incidents/" + incidentId).get("incident").get("status").asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
