package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's manual heal runs through the same rules, guards and verification as automatic ones. */
class ManualHealIT {
    @TempDir
    Path temp;

    @Test
    void shouldRunAManualHealRefuseASecondOneMeanwhileAndResolveOnFreshHealthySignals() throws Exception {
        // given: a service whose restart command succeeds
        ServiceConfig search = new ServiceConfig("search", "standard", 0L, 1_000L, false,
                new RestartConfig(List.of("true"), null, Map.of(), 5_000), Map.of());
        String incidentId;
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(search), null)) {

            // when: an operator asks for a restart
            HttpResponse<String> heal = engine.operatorPost("/api/v1/services/search/heal",
                    "{\"action\":\"restart\",\"reason\":\"slow after deploy\",\"requestedBy\":\"alice\"}");

            // then: accepted with the incident it opened …
            assertThat(heal.statusCode()).as(heal.body()).isEqualTo(202);
            incidentId = EngineFixture.JSON.readTree(heal.body()).get("incidentId").asText();
            assertThat(heal.headers().firstValue("Location")).hasValue("/api/v1/incidents/" + incidentId);

            // … a second heal while it is open is refused with the reason …
            HttpResponse<String> second = engine.operatorPost("/api/v1/services/search/heal", "{\"action\":\"scale-up\"}");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains(incidentId);

            // … and fresh healthy signals after the restart resolve it once the window has passed
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incidentId).equals("VERIFYING"));
            assertThat(engine.post("/api/v1/signals", "{\"service\":\"search\",\"metric\":\"latency_p99\",\"value\":40}")
                    .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incidentId).equals("RESOLVED"));
            JsonNode chain = engine.getJson("/api/v1/incidents/" + incidentId);
            assertThat(chain.get("incident").get("kind").asText()).isEqualTo("MANUAL");
            assertThat(chain.get("steps").get(0).get("detail").asText()).contains("alice").contains("slow after deploy");
        }

        // and the decision chain survives an engine restart on the same data directory
        try (EngineFixture restarted = EngineFixture.start(0, temp.resolve("data"), false, List.of(search), null)) {
            JsonNode chain = restarted.getJson("/api/v1/incidents/" + incidentId);
            assertThat(chain.get("incident").get("status").asText()).isEqualTo("RESOLVED");
            assertThat(chain.get("steps").findValuesAsText("event")).contains("incident_opened", "verdict_recovered");
            assertThat(restarted.getJson("/api/v1/history").get("history").get(0).get("success").asBoolean()).isTrue();
        }
    }

    @Test
    void shouldAnswer404ForAManualHealOfAServiceOutsideTheInventory() throws Exception {
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(), null)) {
            HttpResponse<String> heal = engine.operatorPost("/api/v1/services/ghost/heal", "{\"action\":\"restart\"}");
            assertThat(heal.statusCode()).isEqualTo(404);
            assertThat(heal.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    private static String status(EngineFixture engine, String incidentId) throws Exception {
        return engine.getJson("/api/v1/incidents/" + incidentId).get("incident").get("status").asText();
    }
}
