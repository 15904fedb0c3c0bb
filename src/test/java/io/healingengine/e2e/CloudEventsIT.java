package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/cloudevents} on a real engine over loopback HTTP: events built and written by the
 * CloudEvents SDK, as a client using it would send them, in structured and binary mode for each of the engine's
 * event types; and bad events, written by hand, refused with a 400 naming the attribute or the data's field.
 */
class CloudEventsIT {
    private static final String PATH = "/api/v1/cloudevents";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path temp;
    private static EngineFixture engine;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = EngineFixture.start(0, temp.resolve("data"), true, List.of(), null);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    private static CloudEventBuilder event(String type, String json) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("/tests/cloudevents"))
                .withType(type).withDataContentType("application/json")
                .withData(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /** Structured mode, serialised by the SDK's JSON event format. */
    private static HttpResponse<String> structured(CloudEvent event) throws IOException, InterruptedException {
        byte[] body = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event);
        return send(Map.of("Content-Type", JsonFormat.CONTENT_TYPE), body);
    }

    /** Binary mode, written by the SDK's HTTP binding: ce-* headers and the data as the body. */
    private static HttpResponse<String> binary(CloudEvent event) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = new byte[1][];
        HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes).writeBinary(event);
        return send(headers, body[0] == null ? new byte[0] : body[0]);
    }

    private static HttpResponse<String> send(Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.url(PATH))).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(Map<String, String> headers, String body)
            throws IOException, InterruptedException {
        return send(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode accepted(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return EngineFixture.JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String field,
                                      String detail) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EngineFixture.JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://healing-engine.dev/problems/" + type);
        if (field != null) {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
        if (detail != null) {
            assertThat(problem.get("detail").asText()).isEqualTo(detail);
        }
    }

    private static double metric(String series) throws IOException, InterruptedException {
        return engine.get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }

    // --- the three types, both modes -------------------------------------------------------------------------

    @Test
    void shouldApplyAStructuredSignalEventAsTheSignalsEndpointDoes() throws Exception {
        CloudEvent event = event("io.healingengine.signal",
                "{\"service\":\"ce-structured\",\"metric\":\"latency_p99\",\"value\":900}").build();

        JsonNode answer = accepted(structured(event));

        assertThat(answer.get("id").asText()).isEqualTo(event.getId());
        assertThat(answer.get("type").asText()).isEqualTo("io.healingengine.signal");
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("applied").asInt()).isEqualTo(1);
        // the signal reached the rules: p99 900 ms is the critical-latency-spike policy
        JsonNode incidents = await().atMost(Duration.ofSeconds(5))
                .until(() -> engine.getJson("/api/v1/incidents?service=ce-structured").get("incidents"), i -> i.size() == 1);
        assertThat(incidents.get(0).get("trigger").asText()).isEqualTo("critical-latency-spike");
    }

    @Test
    void shouldApplyABinarySignalArrayWhoseServiceIsTheEventsSubject() throws Exception {
        CloudEvent event = event("io.healingengine.signal",
                "[{\"metric\":\"throughput\",\"value\":900},{\"metric\":\"error_rate\",\"value\":0.01}]")
                .withSubject("ce-binary").build();

        JsonNode answer = accepted(binary(event));

        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("applied").asInt()).isEqualTo(2);
        assertThat(metric("selfheal_signals_ingested_total")).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void shouldTakeAHeartbeatEventInBothModes() throws Exception {
        JsonNode structuredAnswer = accepted(structured(event("io.healingengine.heartbeat",
                "{\"service\":\"ce-beat\",\"intervalMs\":60000}").build()));
        JsonNode binaryAnswer = accepted(binary(event("io.healingengine.heartbeat", "{}")
                .withSource(URI.create("ce-beat-2")).build()));

        assertThat(structuredAnswer.get("service").asText()).isEqualTo("ce-beat");
        assertThat(structuredAnswer.get("livenessWatched").asBoolean()).isTrue();
        assertThat(binaryAnswer.get("service").asText()).as("the whole source is a service id").isEqualTo("ce-beat-2");
        assertThat(binaryAnswer.get("livenessWatched").asBoolean()).isFalse();
    }

    @Test
    void shouldHandAnErrorEventToTheErrorTaxonomyInBothModes() throws Exception {
        double before = metric("selfheal_rules_fired_total{rule=\"classify-connection-refused\"}");

        JsonNode structuredAnswer = accepted(structured(event("io.healingengine.error",
                "{\"service\":\"ce-errors\",\"exceptionType\":\"java.net.ConnectException\","
                        + "\"message\":\"Connection refused\",\"stackExcerpt\":\"at Db.connect(Db.java:42)\"}").build()));
        JsonNode binaryAnswer = accepted(binary(event("io.healingengine.error",
                "{\"exceptionType\":\"java.lang.OutOfMemoryError\",\"message\":\"Java heap space\",\"exitCode\":137}")
                .withSubject("ce-errors").build()));

        assertThat(structuredAnswer.get("service").asText()).isEqualTo("ce-errors");
        assertThat(binaryAnswer.get("accepted").asInt()).isEqualTo(1);
        assertThat(metric("selfheal_rules_fired_total{rule=\"classify-connection-refused\"}")).isEqualTo(before + 1);
        assertThat(metric("selfheal_rules_fired_total{rule=\"classify-java-out-of-memory\"}")).isGreaterThanOrEqualTo(1);
    }

    // --- bad events ----------------------------------------------------------------------------------------------

    private static final Map<String, String> STRUCTURED = Map.of("Content-Type", "application/cloudevents+json");

    private static Map<String, String> binaryHeaders(String specversion, String id, String type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (specversion != null) {
            headers.put("ce-specversion", specversion);
        }
        if (id != null) {
            headers.put("ce-id", id);
        }
        headers.put("ce-source", "/tests");
        headers.put("ce-type", type);
        return headers;
    }

    @Test
    void shouldRefuseAnotherSpecVersionInBothModes() throws Exception {
        assertProblem(send(STRUCTURED, "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/t\","
                        + "\"type\":\"io.healingengine.heartbeat\",\"data\":{\"service\":\"a\"}}"), 400, "invalid-field",
                "specversion", "must be \"1.0\" (CloudEvents 1.0), but was '0.3'");
        assertProblem(send(binaryHeaders("0.3", "1", "io.healingengine.heartbeat"), "{\"service\":\"a\"}"), 400,
                "invalid-field", "specversion", "must be \"1.0\" (CloudEvents 1.0), but was '0.3'");
    }

    @Test
    void shouldRefuseAnEventWithoutIdInBothModes() throws Exception {
        assertProblem(send(STRUCTURED, "{\"specversion\":\"1.0\",\"source\":\"/t\",\"type\":\"io.healingengine.heartbeat\","
                + "\"data\":{\"service\":\"a\"}}"), 400, "invalid-field", "id", "is required");
        assertProblem(send(STRUCTURED, "{\"specversion\":\"1.0\",\"id\":\"\",\"source\":\"/t\","
                        + "\"type\":\"io.healingengine.heartbeat\",\"data\":{\"service\":\"a\"}}"), 400, "invalid-field",
                "id", "must be a non-empty string, but was empty");
        assertProblem(send(binaryHeaders("1.0", null, "io.healingengine.heartbeat"), "{\"service\":\"a\"}"), 400,
                "invalid-field", "id", "is required (header ce-id)");
    }

    @Test
    void shouldRefuseAnUnknownTypeNamingTheTypeAttribute() throws Exception {
        assertProblem(send(binaryHeaders("1.0", "1", "com.example.deploy"), "{\"service\":\"a\"}"), 400,
                "invalid-field", "type", "unknown event type 'com.example.deploy' (known: io.healingengine.signal, "
                        + "io.healingengine.heartbeat, io.healingengine.error)");
    }

    @Test
    void shouldRefuseInvalidDataNamingTheFieldUnderData() throws Exception {
        assertProblem(send(STRUCTURED, "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/t\","
                        + "\"type\":\"io.healingengine.signal\",\"data\":{\"service\":\"a\",\"metric\":\"latency_p99\","
                        + "\"value\":\"fast\"}}"), 400, "invalid-field", "/data/value", "must be a number, but was a string");
        assertProblem(send(binaryHeaders("1.0", "2", "io.healingengine.signal"),
                        "[{\"service\":\"a\",\"metric\":\"x\",\"value\":1},{\"metric\":\"x\",\"value\":1}]"), 400,
                "invalid-field", "/data/1/service", "is required");
        assertProblem(send(binaryHeaders("1.0", "3", "io.healingengine.error"),
                        "{\"service\":\"a\",\"exitCode\":999}"), 400, "invalid-field", "/data/exitCode",
                "must be a whole number between 0 and 255, but was 999");
        assertProblem(send(binaryHeaders("1.0", "4", "io.healingengine.heartbeat"), "{\"service\":"), 400,
                "malformed-json", null, null);
        assertProblem(send(STRUCTURED, "{\"specversion\":\"1.0\",\"id\":\"5\",\"source\":\"/t\","
                + "\"type\":\"io.healingengine.heartbeat\"}"), 400, "invalid-field", "/data",
                "is required: the event carries no data");
    }

    @Test
    void shouldRefuseWhatIsNoSingleJsonCloudEvent() throws Exception {
        assertProblem(send(Map.of("Content-Type", "application/json"), "{\"service\":\"a\"}"), 400, "invalid-field",
                "specversion", null);
        assertProblem(send(Map.of("Content-Type", "application/cloudevents-batch+json"), "[]"), 415,
                "unsupported-media-type", null, null);
        Map<String, String> text = binaryHeaders("1.0", "6", "io.healingengine.heartbeat");
        text.put("Content-Type", "text/plain");
        assertProblem(send(text, "a"), 415, "unsupported-media-type", null, null);
        Map<String, String> badTime = binaryHeaders("1.0", "7", "io.healingengine.heartbeat");
        badTime.put("ce-time", "yesterday");
        assertProblem(send(badTime, "{\"service\":\"a\"}"), 400, "invalid-field", "time", null);
        assertProblem(send(STRUCTURED, "{\"specversion\":\"1.0\","), 400, "malformed-json", null, null);
    }

    @Test
    void shouldRefuseASignalOfAnUnknownServiceWhenAutoRegistrationIsOff() throws Exception {
        try (EngineFixture strict = EngineFixture.start(0, temp.resolve("strict"), false, List.of(), null)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(strict.url(PATH)))
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/t\","
                            + "\"type\":\"io.healingengine.signal\",\"data\":{\"service\":\"orders\","
                            + "\"metric\":\"latency_p99\",\"value\":1}}")).build(), HttpResponse.BodyHandlers.ofString());

            assertProblem(response, 404, "unknown-service", "/data/service", null);
        }
    }
}
