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
 * The PostgreSQL server goes down under a running engine. Every action is recorded before it is dispatched,
 * so while nothing can be recorded nothing is run: the engine says in /health that its audit store is failing
 * (503 DEGRADED, audit_write_failed) and ends the action FAILED without running it. Once the server is back it
 * records again, is UP, and heals the next failure as usual.
 */
class DatabaseOutageIT {
    @TempDir
    Path temp;

    @Test
    void shouldRunNoUnrecordedActionAndReportDegradedWhileTheDatabaseIsDownThenHealAgain() throws Exception {
        Path billingRuns = temp.resolve("billing-restart-runs");
        Path ledgerRuns = temp.resolve("ledger-restart-runs");
        ServiceConfig billing = recordingRestarts("billing", 1_000L, billingRuns);
        // ledger's liveness is watched from its first heartbeat that names an interval: after the outage
        ServiceConfig ledger = recordingRestarts("ledger", 0L, ledgerRuns);
        try (PostgresServer database = PostgresServer.startPrivate()) {
            EngineConfig base = EngineFixture.config(temp.resolve("data"), List.of(billing, ledger), null);
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

                // then: its restart ends FAILED without running, as it could not be recorded first …
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.get("/metrics").body(),
                        m -> m.contains("selfheal_actions_executed_total{action=\"restart\",outcome=\"FAILED\""));
                assertThat(billingRuns).doesNotExist();
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

                // when: the server is back, and then ledger heartbeats and falls silent
                database.resume();
                // (a failed write stays listed until selfWatch.intervalMs, 2 s here, passes without another)
                await().atMost(Duration.ofSeconds(30)).until(() -> engine.get("/health"),
                        r -> r.statusCode() == 200 && r.body().contains("\"status\":\"UP\""));
                // (the first answer that waits on the audit store after the outage is a 503 naming the writes
                // that failed since the last answer: a client retries, as its Retry-After says)
                await().atMost(Duration.ofSeconds(10)).until(() -> engine.post("/api/v1/heartbeats",
                        "{\"service\":\"ledger\",\"intervalMs\":1000}").statusCode(), status -> status == 202);
                for (int i = 0; i < 2; i++) {
                    assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"ledger\",\"intervalMs\":1000}")
                            .statusCode()).isEqualTo(202);
                }

                // then: ledger is restarted, and once it heartbeats again its incident resolves with its verdict
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(ledgerRuns));
                JsonNode resolved = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            engine.post("/api/v1/heartbeats", "{\"service\":\"ledger\",\"intervalMs\":1000}");
                            return engine.getJson("/api/v1/incidents?status=RESOLVED").get("incidents");
                        }, incidents -> incidents.size() >= 1).get(0);
                assertThat(resolved.get("serviceId").asText()).isEqualTo("ledger");
                JsonNode chain = engine.getJson("/api/v1/incidents/" + resolved.get("id").asText());
                assertThat(chain.get("steps").findValuesAsText("event")).contains("action_started",
                        "verdict_recovered", "incident_resolved");
            }
        }
    }

    /** An inventory service whose restart argv appends a line to {@code runs}. */
    private static ServiceConfig recordingRestarts(String id, long heartbeatIntervalMs, Path runs) {
        return new ServiceConfig(id, "standard", heartbeatIntervalMs, 1_000L, false,
                new RestartConfig(List.of("sh", "-c", "echo ran >> \"$MARKER\""), null, Map.of("MARKER", runs.toString()),
                        10_000), Map.of());
    }
}
