package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is pending or in flight when the engine stops is still there, and handled safely, after it starts again. */
class EngineRestartIT {
    @TempDir
    Path temp;
    private Path marker;

    @AfterEach
    void killLeftovers() throws Exception {
        if (marker != null && Files.exists(marker)) {
            for (String pid : Files.readAllLines(marker)) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void shouldKeepAPendingApprovalAcrossARestartAndRunTheActionOnceApproved() throws Exception {
        try (PageReceiver actions = new PageReceiver(200)) {
            String approvalId;
            // given: a scale-up waiting for approval when the engine stops
            try (EngineFixture engine = start(actions)) {
                heal(engine, "orders", "scale-up");
                approvalId = await().atMost(Duration.ofSeconds(10))
                        .until(() -> engine.getJson("/api/v1/approvals").get("approvals"), a -> a.size() == 1)
                        .get(0).get("id").asText();
            }

            // when: the engine starts again on the same data directory
            try (EngineFixture engine = start(actions)) {
                // then: the approval is still pending, and approving it runs the scale-up
                JsonNode approvals = engine.getJson("/api/v1/approvals").get("approvals");
                assertThat(approvals).hasSize(1);
                assertThat(approvals.get(0).get("id").asText()).isEqualTo(approvalId);
                assertThat(approvals.get(0).get("status").asText()).isEqualTo("PENDING");
                assertThat(actions.calls()).isEmpty();

                HttpResponse<String> decided = engine.operatorPost("/api/v1/approvals/" + approvalId,
                        "{\"decision\":\"approve\",\"by\":\"alice\",\"reason\":\"after the restart\"}");
                assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> actions.calls().stream()
                        .anyMatch(call -> call.path().equals("/actions/scale-up")));
            }
        }
    }

    @Test
    void shouldVerifyAnActionLostInFlightInsteadOfRunningItAgain() throws Exception {
        marker = temp.resolve("restart-runs");
        try (PageReceiver actions = new PageReceiver(200)) {
            String incidentId;
            // given: a restart still running when the engine stops
            try (EngineFixture engine = start(actions)) {
                incidentId = heal(engine, "search", "restart");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marker));
                assertThat(status(engine, incidentId)).isEqualTo("ACTING");
            }

            // when: the engine starts again, and the service reports healthy signals
            try (EngineFixture engine = start(actions)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incidentId).equals("VERIFYING"));
                assertThat(engine.post("/api/v1/signals", "{\"service\":\"search\",\"metric\":\"latency_p99\",\"value\":30}")
                        .statusCode()).isEqualTo(202);

                // then: verification resolves the incident, and the restart command ran exactly once
                await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incidentId).equals("RESOLVED"));
                assertThat(Files.readAllLines(marker)).hasSize(1);
                JsonNode chain = engine.getJson("/api/v1/incidents/" + incidentId);
                assertThat(chain.get("steps").findValuesAsText("event")).contains("action_outcome_unknown");
                assertThat(chain.get("actions").get(0).get("outcome").asText()).isEqualTo("UNKNOWN");
            }
        }
    }

    private EngineFixture start(PageReceiver actions) throws Exception {
        ServiceConfig orders = new ServiceConfig("orders", "standard", 0L, 1_000L, false, null,
                Map.of("scale-up", actions.url("/actions/scale-up")), false, Map.of("scale-up", "scale down by hand"));
        ServiceConfig search = new ServiceConfig("search", "standard", 0L, 1_000L, false,
                new RestartConfig(List.of("sh", "-c", "echo $$ >> \"$MARKER\"; exec sleep 60"), null,
                        Map.of("MARKER", String.valueOf(temp.resolve("restart-runs"))), 120_000), Map.of());
        return EngineFixture.start(0, temp.resolve("data"), false, List.of(orders, search), actions.url());
    }

    private static String heal(EngineFixture engine, String service, String action) throws Exception {
        HttpResponse<String> heal = engine.operatorPost("/api/v1/services/" + service + "/heal", "{\"action\":\"" + action + "\"}");
        assertThat(heal.statusCode()).as(heal.body()).isEqualTo(202);
        return EngineFixture.JSON.readTree(heal.body()).get("incidentId").asText();
    }

    private static String status(EngineFixture engine, String incidentId) throws Exception {
        return engine.getJson("/api/v1/incidents/" + incidentId).get("incident").get("status").asText();
    }

    @Test
    void shouldKnowARepeatedAlertAfterARestartAsTheEpisodeItAlreadyAnswered() throws Exception {
        ServiceConfig checkout = new ServiceConfig("demo-checkout", "standard", 0L, null, false,
                new RestartConfig(List.of("true"), null, Map.of(), 10_000), Map.of());
        String firing = AlertmanagerEndpointIT.fixture("firing.json");
        String incidentId;
        // given: an alert that opened an incident whose restart ran
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(checkout), null)) {
            HttpResponse<String> first = engine.post("/api/v1/alertmanager", firing);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            incidentId = EngineFixture.JSON.readTree(first.body()).get("alerts").get(0).get("incidentId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incidentId).equals("VERIFYING"));
        }

        // when: the engine starts again and Alertmanager repeats the alert
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(checkout), null)) {
            HttpResponse<String> repeat = engine.post("/api/v1/alertmanager", firing);

            // then: the same episode, answered by the same incident; nothing runs again
            assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(202);
            JsonNode alert = EngineFixture.JSON.readTree(repeat.body()).get("alerts").get(0);
            assertThat(alert.get("outcome").asText()).isEqualTo("unchanged");
            assertThat(alert.get("incidentId").asText()).isEqualTo(incidentId);
            assertThat(engine.getJson("/api/v1/incidents?service=demo-checkout").get("incidents")).hasSize(1);
            assertThat(engine.getJson("/api/v1/history").get("history")).hasSize(1);
        }
    }
}
