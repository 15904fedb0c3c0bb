package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An action is in the audit trail, under its idempotency key, before its executor runs; the executor gets the key. */
class ActionRecordIT {
    @TempDir
    Path temp;

    @Test
    void shouldRecordARestartUnderItsIdempotencyKeyBeforeTheRestartCommandRuns() throws Exception {
        // given: a restart command that, while it runs, reads the engine's healing history and notes the key it got
        int port = EngineFixture.freePort();
        Path seen = temp.resolve("history-seen-by-restart.json");
        Path key = temp.resolve("key");
        ServiceConfig billing = new ServiceConfig("billing", "standard", 0L, 1_000L, false, new RestartConfig(
                List.of("sh", "-c", "curl -s \"$ENGINE/api/v1/history\" > \"$SEEN\"; printf %s \"$HEALING_ACTION_ID\" > \"$KEY\""),
                null, Map.of("ENGINE", "http://127.0.0.1:" + port, "SEEN", seen.toString(), "KEY", key.toString()),
                10_000), Map.of());
        try (EngineFixture engine = EngineFixture.start(port, temp.resolve("data"), false, List.of(billing), null)) {
            // when: an operator asks for a restart
            HttpResponse<String> heal = engine.operatorPost("/api/v1/services/billing/heal", "{\"action\":\"restart\"}");
            assertThat(heal.statusCode()).as(heal.body()).isEqualTo(202);

            // then: the command received the action's id, and the history it read already held that action
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(key) && Files.size(key) > 0);
            String idempotencyKey = Files.readString(key);
            assertThat(idempotencyKey).matches("[0-9a-f-]{36}");
            assertThat(EngineFixture.JSON.readTree(Files.readString(seen)).get("history").findValuesAsText("id"))
                    .containsExactly(idempotencyKey);
            String incidentId = EngineFixture.JSON.readTree(heal.body()).get("incidentId").asText();
            assertThat(engine.getJson("/api/v1/incidents/" + incidentId).get("actions").findValuesAsText("id"))
                    .containsExactly(idempotencyKey);
        }
    }
}
