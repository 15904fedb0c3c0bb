package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/latency}: exact signal-to-dispatch percentiles, started again by {@code DELETE}. */
class DecisionLatencyIT {
    @TempDir
    Path temp;

    @Test
    void shouldReportTheLatencyFromASignalToTheActionItDispatchedAndStartAgainOnDelete() throws Exception {
        // given: an engine in dry run (actions go to the noop executor) that has dispatched nothing yet
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), true, List.of(), null, true,
                (String) null)) {
            assertThat(latency(engine).get("count").asLong()).isZero();

            // when: a latency spike makes the critical-latency-spike policy dispatch a restart
            assertThat(engine.post("/api/v1/signals",
                    "{\"service\":\"orders\",\"metric\":\"latency_p99\",\"value\":900}").statusCode()).isEqualTo(202);

            // then: one dispatch is counted, with a positive latency no larger than the whole request took
            JsonNode figures = await().atMost(Duration.ofSeconds(10)).until(() -> latency(engine),
                    f -> f.get("count").asLong() == 1);
            assertThat(figures.get("p50Ms").asDouble()).isPositive();
            assertThat(figures.get("p999Ms").asDouble()).isEqualTo(figures.get("maxMs").asDouble());

            // and its three phases (queued, evaluated, recorded) are counted once each and add up to the whole,
            // to the histograms' precision (three significant digits, plus a microsecond of rounding each)
            JsonNode phases = engine.getJson("/api/v1/latency").get("phases");
            double sum = 0;
            for (String phase : List.of("queued", "evaluated", "recorded")) {
                assertThat(phases.get(phase).get("count").asLong()).as(phase).isEqualTo(1);
                sum += phases.get(phase).get("maxMs").asDouble();
            }
            assertThat(sum).isCloseTo(figures.get("maxMs").asDouble(),
                    within(figures.get("maxMs").asDouble() * 0.01 + 0.005));

            // and DELETE starts the figures again
            HttpResponse<String> reset = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(engine.url("/api/v1/latency"))).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(204);
            assertThat(latency(engine).get("count").asLong()).isZero();
        }
    }

    private static JsonNode latency(EngineFixture engine) throws Exception {
        return engine.getJson("/api/v1/latency").get("signalToDispatch");
    }
}
