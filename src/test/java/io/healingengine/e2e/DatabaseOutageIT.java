package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.audit.PostgresServer;
import io.healingengine.config.DatabaseConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.SelfWatchConfig;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL server goes down under a running engine: the engine goes on healing, says in /health
 * that its audit store is failing (503 DEGRADED, audit_write_failed), and once the server is back it
 * records again and is UP.
 */
class DatabaseOutageIT {
    @TempDir
    Path temp;

    @Test
    void shouldKeepHealingAndReportDegradedWhileTheDatabaseIsDownThenRecover() throws Exception {
        Path marker = temp.resolve("restart-runs");
        ServiceConfig billing = new ServiceConfig("billing", "standard", 1_000L, 1_000L, false,
                new RestartConfig(List.of("sh", "-c", "echo ran >> \"$MARKER\""), null,
                        Map.of("MARKER", marker.toString()), 10_000), Map.of());
        try (PostgresServer database = PostgresServer.startPrivate()) {
            EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing), null);
            EngineConfig config = new EngineConfig(base.server(), base.dataDir(), base.engine(), base.inventory(),
                    base.oncall(), base.deploy(), base.integrations(), null,
                    new SelfWatchConfig(2_000L, null, null, null, null), new DatabaseConfig(database.createDatabase(),
                    PostgresServer.USER, PostgresServer.passwordFile(temp).toString(), null), base.auth(), base.intake());
            try (EngineFixture engine = EngineFixture.start(config)) {
                assertThat(engine.get("/health").statusCode()).isEqualTo(200);

                // given: the database server dies
                database.halt();

                // when: billing heartbeats, then falls silent
                for (int i = 0; i < 3; i++) {
                    assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}").statusCode())
                            .isEqualTo(202);
                }

                // then: the engine still restarts it …
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(marker));
                // … and /health says the audit store fails
                HttpResponse<String> degraded = await().atMost(Duration.ofSeconds(10))
                        .until(() -> engine.get("/health"), r -> r.statusCode() == 503
                                && r.body().contains("audit_write_failed"));
                JsonNode health = EngineFixture.JSON.readTree(degraded.body());
                assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
                assertThat(health.get("auditError").asText()).startsWith("the audit store did not answer");
                JsonNode failed = StreamSupport.stream(health.get("invariantViolations").spliterator(), false)
                        .filter(v -> v.get("invariant").asText().equals("audit_write_failed")).findFirst().orElseThrow();
                assertThat(failed.get("subject").asText()).isEqualTo("audit-store");

                // when: the server is back and billing heartbeats again
                database.resume();
                // then: the incident resolves and its verdict is recorded, and /health is UP again
                JsonNode resolved = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}");
                            return engine.getJson("/api/v1/incidents?status=RESOLVED").get("incidents");
                        }, incidents -> incidents.size() >= 1).get(0);
                JsonNode chain = engine.getJson("/api/v1/incidents/" + resolved.get("id").asText());
                assertThat(chain.get("steps").findValuesAsText("event")).contains("verdict_recovered",
                        "incident_resolved");
                // (a failed write stays listed until selfWatch.intervalMs, 2 s here, passes without another)
                await().atMost(Duration.ofSeconds(20)).until(() -> engine.get("/health"),
                        r -> r.statusCode() == 200 && r.body().contains("\"status\":\"UP\""));
            }
        }
    }
}
