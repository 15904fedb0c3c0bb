package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a precise 4xx problem+json naming the field, and the engine keeps serving. The
 * inventory here does not auto-register, so unknown services are refused with 404.
 */
class BadInputIT {
    @TempDir
    static Path temp;
    static EngineFixture engine;

    @BeforeAll
    static void start() throws Exception {
        ServiceConfig checkout = new ServiceConfig("checkout", "standard", 0L, 1_000L, false, null, Map.of());
        engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(checkout), null);
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"service\":\"checkout\",\"metric\":\"latency_p99\"                               | 400 | malformed-json |",
        "not json at all                                                                      | 400 | malformed-json |",
        "{\"service\":\"checkout\",\"metric\":\"latency_p99\",\"value\":\"fast\"}             | 400 | invalid-field  | /value",
        "{\"service\":\"checkout\",\"metric\":\"latency_p99\",\"value\":NaN}                  | 400 | malformed-json |",
        "{\"service\":\"checkout\",\"metric\":\"latency_p99\",\"value\":1e999}                | 400 | invalid-field  | /value",
        "{\"service\":\"checkout\",\"value\":12}                                              | 400 | invalid-field  | /metric",
        "{\"service\":\"checkout\",\"metric\":\"probe:latency-ms\",\"value\":12}       | 400 | invalid-field  | /metric",
        "{\"metric\":\"latency_p99\",\"value\":12}                                            | 400 | invalid-field  | /service",
        "{\"service\":42,\"metric\":\"latency_p99\",\"value\":12}                             | 400 | invalid-field  | /service",
        "{\"service\":\"checkout; rm -rf /\",\"metric\":\"latency_p99\",\"value\":12}          | 400 | invalid-field  | /service",
        "[{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1},{\"service\":\"checkout\",\"metric\":\"cpu\"}] | 400 | invalid-field | /1/value",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"timestamp\":\"yesterday\"} | 400 | invalid-field  | /timestamp",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"timestamp\":\"2999-01-01T00:00:00Z\"} | 400 | invalid-field | /timestamp",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"timestamp\":9223372036854775807} | 400 | invalid-field | /timestamp",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"timestamp\":-5}  | 400 | invalid-field  | /timestamp",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":123456789012345678901234567890123456789012345678901234567890123456789} | 400 | invalid-field | /value",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"labels\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":1}}}}}}}}}}}}}}}}} | 400 | invalid-field | /labels/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"labels\":{\"env\":3}}      | 400 | invalid-field  | /labels/env",
        "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":1,\"colour\":\"red\"}          | 400 | invalid-field  | /colour",
        "[]                                                                                   | 400 | invalid-field  | /",
        "{\"service\":\"nobody\",\"metric\":\"cpu\",\"value\":1}                              | 404 | unknown-service | /service",
    })
    void shouldRefuseBadSignalsWithAProblemNamingTheField(String body, int status, String type, String field)
            throws Exception {
        // when
        HttpResponse<String> response = engine.post("/api/v1/signals", body.strip());

        // then
        assertProblem(response, status, type, field);
        assertEngineStillServes();
    }

    @Test
    void shouldRefuseATenMegabyteBodyWith413AndKeepServing() throws Exception {
        // given: a 10 MB body, far over the 1 MiB default limit
        String huge = "[" + "{\"service\":\"checkout\",\"metric\":\"cpu\",\"value\":0.5},".repeat(200_000) + "]";
        assertThat(huge.length()).isGreaterThan(10_000_000);

        // when
        HttpResponse<String> response = engine.post("/api/v1/signals", huge);

        // then
        assertProblem(response, 413, "body-too-large", null);
        assertEngineStillServes();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/api/v1/signals", "/api/v1/heartbeats", "/api/v1/errors", "/api/v1/alertmanager", "/api/v1/cloudevents"})
    void shouldRefuseABodyPastTheLimitWith413OnEveryIngestEndpoint(String path) throws Exception {
        // given: 1 MiB and one byte of JSON, one byte past server.maxBodyBytes
        String body = "{\"service\":\"" + "x".repeat(1024 * 1024 - 13) + "\"}";
        assertThat(body.length()).isEqualTo(1024 * 1024 + 1);

        // when
        HttpResponse<String> response = engine.post(path, body);

        // then
        assertProblem(response, 413, "body-too-large", null);
        assertEngineStillServes();
    }

    @Test
    void shouldNameTheFieldOfAStringPastItsLength() throws Exception {
        // when: an error message longer than its 4096 characters
        HttpResponse<String> response = engine.post("/api/v1/errors", "{\"service\":\"checkout\",\"message\":\""
                + "m".repeat(4097) + "\"}");

        // then
        assertProblem(response, 400, "invalid-field", "/message");
    }

    @Test
    void shouldRefuseANonJsonContentTypeWith415AndSayHowToSendJson() throws Exception {
        HttpResponse<String> response = engine.post("/api/v1/signals", "service=checkout", "application/x-www-form-urlencoded");
        assertProblem(response, 415, "unsupported-media-type", null);
        assertThat(response.body()).contains("Content-Type: application/json");
    }

    @Test
    void shouldAcceptAValidBatchWith202AfterRefusals() throws Exception {
        HttpResponse<String> response = engine.post("/api/v1/signals",
                "[{\"service\":\"checkout\",\"metric\":\"latency_p99\",\"value\":42.5,\"timestamp\":\"2026-11-22T20:56:21.08Z\","
                        + "\"labels\":{\"region\":\"eu-1\"}},{\"service\":\"checkout\",\"metric\":\"throughput\",\"value\":900}]");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(EngineFixture.JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(2);
    }

    @Test
    void shouldAcceptAnIncidentStatusFilterInAnyCaseAndNameTheValidOnesOtherwise() throws Exception {
        assertThat(engine.get("/api/v1/incidents?status=open").statusCode()).isEqualTo(200);
        assertProblem(engine.get("/api/v1/incidents?status=gone"), 400, "invalid-field", "status");
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownIncident() throws Exception {
        assertProblem(engine.get("/api/v1/incidents/0000-does-not-exist"), 404, "not-found", null);
    }

    @Test
    void shouldRefuseAManualHealWithAnUnknownAction() throws Exception {
        assertProblem(engine.operatorPost("/api/v1/services/checkout/heal", "{\"action\":\"reboot-the-world\"}"), 400,
                "invalid-field", "/action");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String field)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EngineFixture.JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).endsWith("/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("instance").asText()).startsWith("req-");
        if (field != null && !field.isBlank()) {
            assertThat(problem.get("field").asText()).isEqualTo(field.strip());
        }
    }

    private static void assertEngineStillServes() throws Exception {
        assertThat(engine.get("/health").statusCode()).isEqualTo(200);
    }
}
