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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/v1/errors} on a real engine: each reported error is classified by the error-taxonomy
 * table in the same request, the answer says how, and bad reports are refused naming the field.
 */
class ErrorReportsIT {
    @TempDir
    Path temp;
    private EngineFixture engine;

    @BeforeEach
    void start() throws Exception {
        ServiceConfig checkout = new ServiceConfig("checkout", "critical", 0L, 5_000L, false, null, Map.of());
        engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(checkout), null);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void shouldClassifyEachReportedErrorAndSayWhichRowDecided() throws Exception {
        // given: three errors of one service — a Java OOM, a process killed with 137 (reported years
        // late: still classified), something unknown
        String body = """
                [{"service":"checkout","exceptionType":"java.lang.OutOfMemoryError","message":"Java heap space",
                  "stackExcerpt":"at com.example.Cart.add(Cart.java:42)"},
                 {"service":"checkout","exitCode":137,"timestamp":"2020-01-01T00:00:00Z"},
                 {"service":"checkout","message":"the flux capacitor is out of sync"}]""";

        // when
        HttpResponse<String> response = engine.post("/api/v1/errors", body);

        // then: classified in order, each with its failure class and the row that decided it
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = EngineFixture.JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("classified")).extracting(c -> c.get("failureClass").asText())
                .containsExactly("out-of-memory", "killed-oom", "unclassified");
        assertThat(answer.get("classified")).extracting(c -> c.get("rule").asText())
                .containsExactly("classify-java-out-of-memory", "classify-killed-by-oom-killer", "classify-unmatched-error");
        assertThat(engine.get("/metrics").body())
                .contains("selfheal_errors_classified_total{failure_class=\"out-of-memory\"} 1.0")
                .contains("selfheal_errors_classified_total{failure_class=\"unclassified\"} 1.0");
    }

    @Test
    void shouldRestartAServiceThatRanOutOfMemoryTwiceWithinAMinute() throws Exception {
        // given: a service whose restart command (from the inventory) leaves a marker file behind
        Path marker = temp.resolve("cart-restarted");
        ServiceConfig cart = new ServiceConfig("cart", "standard", 0L, 5_000L, false,
                new RestartConfig(List.of("touch", marker.toString()), null, Map.of(), 5_000), Map.of());
        try (EngineFixture cartEngine = EngineFixture.start(0, temp.resolve("cart-data"), false, List.of(cart), null)) {
            String oom = "{\"service\":\"cart\",\"exceptionType\":\"java.lang.OutOfMemoryError\","
                    + "\"message\":\"Java heap space\"}";

            // when: one out-of-memory error, then a second
            cartEngine.post("/api/v1/errors", oom);
            assertThat(cartEngine.getJson("/api/v1/incidents?service=cart").get("incidents")).isEmpty();
            cartEngine.post("/api/v1/errors", oom);

            // then: the repeated-out-of-memory policy opens an incident and the restart really runs
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(marker));
            JsonNode incident = cartEngine.getJson("/api/v1/incidents?service=cart").get("incidents").get(0);
            assertThat(incident.get("trigger").asText()).isEqualTo("repeated-out-of-memory");
            assertThat(incident.get("triggerSignals").asText()).contains("failures:out-of-memory");
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"exceptionType\":\"java.io.IOException\"}                                   | 400 | /service",
        "{\"service\":\"checkout\"}                                                   | 400 | /",
        "{\"service\":\"checkout\",\"exitCode\":300}                                  | 400 | /exitCode",
        "{\"service\":\"checkout\",\"exitCode\":\"1\"}                                | 400 | /exitCode",
        "{\"service\":\"checkout\",\"exceptionType\":\"x; rm -rf /\"}                 | 400 | /exceptionType",
        "{\"service\":\"checkout\",\"message\":\"boom\",\"severity\":\"high\"}        | 400 | /severity",
        "[]                                                                           | 400 | /",
        "{\"service\":\"ghost\",\"message\":\"boom\"}                                 | 404 | /service",
    })
    void shouldRefuseABadReportNamingTheField(String body, int status, String field) throws Exception {
        // when
        HttpResponse<String> response = engine.post("/api/v1/errors", body.strip());

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode problem = EngineFixture.JSON.readTree(response.body());
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
