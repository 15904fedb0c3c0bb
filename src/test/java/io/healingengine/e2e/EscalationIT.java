package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the fix itself fails, the ladder goes on to a human: the restart command exits non-zero, the
 * incident escalates to alert-oncall, and a real local webhook receiver gets the page.
 */
class EscalationIT {
    @TempDir
    Path temp;

    @Test
    void shouldPageOnCallAndEscalateWhenTheRestartCommandFails() throws Exception {
        // given: a heartbeating service whose restart command always fails, and an on-call receiver
        ServiceConfig billing = new ServiceConfig("billing", "standard", 200L, 1_000L, false,
                new RestartConfig(List.of("ls", "/nonexistent/restart-target"), null, Map.of(), 10_000),
                Map.of());
        try (PageReceiver pager = new PageReceiver();
             EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(billing), pager.url())) {
            for (int i = 0; i < 3; i++) {
                assertThat(engine.post("/api/v1/heartbeats", "{\"service\":\"billing\"}").statusCode()).isEqualTo(202);
            }

            // when: its heartbeats stop (nothing more is sent)

            // then: the incident escalates, the page arrives with the incident, and the chain shows why
            JsonNode escalated = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> list(engine.getJson("/api/v1/incidents?status=ESCALATED").get("incidents")),
                            l -> l.size() == 1).get(0);
            String incidentId = escalated.get("id").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> !pager.pages().isEmpty());
            JsonNode page = EngineFixture.JSON.readTree(pager.pages().get(0));
            assertThat(page.get("action").asText()).isEqualTo("alert-oncall");
            assertThat(page.get("service").asText()).isEqualTo("billing");
            assertThat(page.get("incidentId").asText()).isEqualTo(incidentId);

            JsonNode chain = engine.getJson("/api/v1/incidents/" + incidentId);
            List<String> events = chain.get("steps").findValuesAsText("event");
            assertThat(events).containsSubsequence("incident_opened", "action_started", "action_failed",
                    "action_proposed", "action_started", "action_succeeded", "incident_escalated");
            JsonNode restart = chain.get("actions").get(0);
            assertThat(restart.get("action").asText()).isEqualTo("restart");
            assertThat(restart.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(restart.get("detail").asText()).contains("exited 2").contains("No such file");
            assertThat(chain.get("actions").get(1).get("action").asText()).isEqualTo("alert-oncall");
            assertThat(pager.pages()).hasSize(1);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
