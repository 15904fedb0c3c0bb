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

/**
 * Three consecutive failed fixes freeze the area: the fourth fix never runs, a human is paged, the freeze
 * is listed by the API, and lifting it by hand lets fixes run again.
 */
class FreezeIT {
    @TempDir
    Path temp;

    @Test
    void shouldFreezeAfterThreeFailedFixesStayFrozenAcrossARestartAndRunAgainOnceUnfrozen() throws Exception {
        try (PageReceiver broken = new PageReceiver(500);
             PageReceiver pager = new PageReceiver(202);
             EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(payments(broken)),
                     pager.url())) {
            // given: three fixes that all fail
            for (String action : List.of("circuit-break", "fallback", "restart")) {
                String incident = heal(engine, action);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, incident).equals("ESCALATED"));
            }

            // when: a fourth fix is asked for
            String fourth = heal(engine, "scale-up");
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, fourth).equals("ESCALATED"));

            // then: it never ran, the chain says why, and the freeze is listed
            assertThat(broken.calls()).extracting(PageReceiver.Call::path)
                    .containsExactly("/actions/circuit-break", "/actions/fallback");
            JsonNode chain = engine.getJson("/api/v1/incidents/" + fourth);
            assertThat(chain.get("steps").findValuesAsText("event")).contains("area_frozen", "guard_rejected");
            JsonNode freezes = engine.getJson("/api/v1/freezes").get("freezes");
            assertThat(freezes).hasSize(1);
            assertThat(freezes.get(0).get("area").asText()).isEqualTo("payments");
            assertThat(freezes.get(0).get("reason").asText()).contains("3 consecutive fixes");
            assertThat(pager.pages()).hasSize(4);
            assertThat(engine.get("/metrics").body())
                    .contains("selfheal_guard_blocks_total{guard=\"freeze\",outcome=\"refused\"} 1.0");

        }

        // and after an engine restart on the same data directory the area is still frozen
        try (PageReceiver broken = new PageReceiver(500);
             PageReceiver pager = new PageReceiver(202);
             EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(payments(broken)),
                     pager.url())) {
            JsonNode freezes = engine.getJson("/api/v1/freezes").get("freezes");
            assertThat(freezes).extracting(f -> f.get("area").asText()).containsExactly("payments");
            String refused = heal(engine, "scale-up");
            await().atMost(Duration.ofSeconds(10)).until(() -> status(engine, refused).equals("ESCALATED"));
            assertThat(broken.calls()).isEmpty();

            // when: a human lifts the freeze
            HttpResponse<String> unfreeze = engine.operatorPost("/api/v1/freezes/payments/unfreeze",
                    "{\"by\":\"dana\",\"reason\":\"root cause fixed: bad config rolled back by hand\"}");

            // then: it is gone, and a fix runs again
            assertThat(unfreeze.statusCode()).as(unfreeze.body()).isEqualTo(200);
            assertThat(engine.getJson("/api/v1/freezes").get("freezes")).isEmpty();
            heal(engine, "scale-up");
            await().atMost(Duration.ofSeconds(10)).until(() -> broken.calls().stream()
                    .anyMatch(call -> call.path().equals("/actions/scale-up")));
            assertThat(engine.operatorPost("/api/v1/freezes/payments/unfreeze", "{\"by\":\"dana\",\"reason\":\"again\"}")
                    .statusCode()).isEqualTo(404);
        }
    }

    private static ServiceConfig payments(PageReceiver broken) {
        Map<String, String> webhooks = Map.of(
                "circuit-break", broken.url("/actions/circuit-break"),
                "fallback", broken.url("/actions/fallback"),
                "scale-up", broken.url("/actions/scale-up"));
        return new ServiceConfig("payments", "standard", 0L, 1_000L, false,
                new RestartConfig(List.of("false"), null, Map.of(), 5_000), webhooks, true,
                Map.of("scale-up", "scale back down by hand"));
    }

    private static String heal(EngineFixture engine, String action) throws Exception {
        HttpResponse<String> heal = engine.operatorPost("/api/v1/services/payments/heal", "{\"action\":\"" + action + "\"}");
        assertThat(heal.statusCode()).as(heal.body()).isEqualTo(202);
        return EngineFixture.JSON.readTree(heal.body()).get("incidentId").asText();
    }

    private static String status(EngineFixture engine, String incidentId) throws Exception {
        return engine.getJson("/api/v1/incidents/" + incidentId).get("incident").get("status").asText();
    }
}
