package io.healingengine.e2e;

import java.util.List;
import java.util.Map;

/**
 * Every ingest endpoint of the API (docs/api.md) with a valid request for it: what the fuzz and injection
 * tests start from. Each valid body names the services {@code orders} or {@code demo-checkout}.
 */
enum IngestEndpoint {
    SIGNALS("/api/v1/signals", "application/json", Map.of(), List.of(
            "{\"service\":\"orders\",\"metric\":\"latency_p99\",\"value\":120}",
            "[{\"service\":\"orders\",\"metric\":\"error_rate\",\"value\":0.01,\"timestamp\":\"2026-11-22T20:56:21Z\"},"
                    + "{\"service\":\"orders\",\"metric\":\"throughput\",\"value\":900,\"timestamp\":1795000000000,"
                    + "\"labels\":{\"region\":\"eu-1\",\"pod\":\"orders-7\"}}]")),
    HEARTBEATS("/api/v1/heartbeats", "application/json", Map.of(), List.of(
            "{\"service\":\"orders\"}",
            "{\"service\":\"orders\",\"intervalMs\":60000}")),
    ERRORS("/api/v1/errors", "application/json", Map.of(), List.of(
            "{\"service\":\"orders\",\"exceptionType\":\"java.lang.OutOfMemoryError\",\"message\":\"Java heap space\"}",
            "[{\"service\":\"orders\",\"exitCode\":137,\"timestamp\":\"2026-11-22T20:56:21Z\"},"
                    + "{\"service\":\"orders\",\"message\":\"boom\",\"stackExcerpt\":\"at a.b.C.d(C.java:1)\"}]")),
    ALERTMANAGER("/api/v1/alertmanager", "application/json", Map.of(), List.of(
            AlertmanagerEndpointIT.fixture("firing.json"),
            AlertmanagerEndpointIT.fixture("resolved.json"))),
    CLOUDEVENTS_STRUCTURED("/api/v1/cloudevents", "application/cloudevents+json", Map.of(), List.of(
            "{\"specversion\":\"1.0\",\"id\":\"7d3c-1\",\"source\":\"/agents/node-7\",\"type\":\"io.healingengine.signal\","
                    + "\"subject\":\"orders\",\"time\":\"2026-11-23T01:51:00Z\","
                    + "\"data\":[{\"metric\":\"latency_p99\",\"value\":120},{\"metric\":\"throughput\",\"value\":900}]}",
            "{\"specversion\":\"1.0\",\"id\":\"e-2\",\"source\":\"orders\",\"type\":\"io.healingengine.error\","
                    + "\"data\":{\"exceptionType\":\"java.net.ConnectException\",\"message\":\"refused\",\"exitCode\":1}}")),
    CLOUDEVENTS_BINARY("/api/v1/cloudevents", "application/json", Map.of("ce-specversion", "1.0", "ce-id", "hb-42",
            "ce-source", "orders", "ce-type", "io.healingengine.heartbeat", "ce-time", "2026-11-23T01:51:00Z"), List.of(
            "{\"intervalMs\":60000}",
            "{\"service\":\"orders\"}"));

    final String path;
    final String contentType;
    /** Headers the valid request carries besides Content-Type (the binary CloudEvent's attributes). */
    final Map<String, String> headers;
    final List<String> validBodies;

    IngestEndpoint(String path, String contentType, Map<String, String> headers, List<String> validBodies) {
        this.path = path;
        this.contentType = contentType;
        this.headers = headers;
        this.validBodies = validBodies;
    }
}
