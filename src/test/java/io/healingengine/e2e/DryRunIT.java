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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service in dry run: the engine decides and records, and runs nothing. */
class DryRunIT {
    @TempDir
    Path temp;

    @Test
    void shouldRecordTheDecisionButRunNothingWhenTheServiceIsInDryRun() throws Exception {
        // given: a dry-run service whose restart command would leave a marker file behind
        Path marker = temp.resolve("restart-ran");
        ServiceConfig ledger = new ServiceConfig("ledger", "standard", 200L, 500L, true,
                new RestartConfig(List.of("touch", marker.toString()), null, Map.of(), 5_000), Map.of());
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(ledger), null)) {
            engine.post("/api/v1/heartbeats", "{\"service\":\"ledger\"}");

            // when: its heartbeats stop, the engine decides to restart it
            JsonNode history = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> engine.getJson("/api/v1/history").get("history"),
                            h -> h.size() >= 1 && h.get(h.size() - 1).hasNonNull("outcome"));

            // then: the restart is recorded as a dry run and the command never ran
            JsonNode restart = history.get(history.size() - 1);
            assertThat(restart.get("action").asText()).isEqualTo("restart");
            assertThat(restart.get("detail").asText()).contains("dry run");
            assertThat(marker).doesNotExist();
        }
    }
}
