package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.OncallConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServerConfig;
import io.healingengine.config.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell metacharacters, path traversal and CR/LF through every field of every ingest endpoint, then real
 * actions: the restart argv that runs (a script from the inventory recording its argv and environment),
 * the files on disk and the headers of the webhook requests (a loopback receiver) carry none of it.
 */
class InjectionIT {
    private static final String MARKER = "inj" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final List<String> PAYLOADS = List.of(
            "; touch /tmp/" + MARKER + "-semicolon",
            "$(touch /tmp/" + MARKER + "-subst)",
            "`touch /tmp/" + MARKER + "-backtick`",
            "x | tee /tmp/" + MARKER + "-pipe",
            "x && echo " + MARKER + " > /tmp/" + MARKER + "-and",
            "${IFS}" + MARKER + "${PATH}",
            "../../../../../../../../tmp/" + MARKER + "-traversal",
            "..\\..\\..\\" + MARKER + "-backslash",
            MARKER + "/../../../etc/passwd",
            "orders\r\nX-Injected: " + MARKER,
            "orders\nX-Injected: " + MARKER,
            "orders%0d%0aX-Injected:%20" + MARKER,
            "orders\u0000" + MARKER);
    private static final Set<String> WEBHOOK_HEADERS = Set.of("accept", "accept-encoding", "connection",
            "content-length", "content-type", "host", "idempotency-key", "user-agent");

    @TempDir
    Path temp;

    @Test
    void shouldKeepEveryHostileFieldAwayFromCommandLinesFilesAndHeaders() throws Exception {
        // given: services whose restart is a real script recording its argv and environment, whose webhooks and
        // pager are a real loopback receiver; only inventory services are known
        Path script = temp.resolve("restart.sh");
        Path argvRecord = temp.resolve("argv.txt");
        Path envRecord = temp.resolve("env.txt");
        Files.writeString(script, """
                #!/bin/sh
                { echo "--run"; for a in "$0" "$@"; do printf '%s\\n' "$a"; done; } >> "$ARGV_RECORD"
                env > "$ENV_RECORD"
                """);
        Path data = temp.resolve("data");
        try (PageReceiver receiver = new PageReceiver(200)) {
            Map<String, String> webhooks = Map.of("circuit-break", receiver.url("/actions/circuit-break"),
                    "fallback", receiver.url("/actions/fallback"), "scale-up", receiver.url("/actions/scale-up"));
            // orders and demo-checkout take the hostile requests; search and payments only the signals that act
            List<ServiceConfig> inventory = Stream.of("orders", "demo-checkout", "search", "payments")
                    .map(id -> new ServiceConfig(id, "critical", 0L, null, false, new RestartConfig(
                            List.of("/bin/sh", script.toString(), id), null, Map.of("ARGV_RECORD", argvRecord.toString(),
                            "ENV_RECORD", envRecord.toString()), 10_000), webhooks)).toList();
            try (EngineFixture engine = EngineFixture.start(new EngineConfig(new ServerConfig(null, 0, null, null),
                    data.toString(), null, new InventoryConfig(false, null, inventory),
                    new OncallConfig(receiver.url(), 2_000), null, null))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

                // when: every payload in every field (and label name) of every valid body of every ingest endpoint
                int sent = 0;
                for (IngestEndpoint endpoint : IngestEndpoint.values()) {
                    for (String valid : endpoint.validBodies) {
                        for (String hostile : everyFieldReplaced(valid)) {
                            assertNoServerError(endpoint, post(http, engine, endpoint, endpoint.headers, hostile), hostile);
                            sent++;
                        }
                    }
                    for (String header : endpoint.headers.keySet()) {
                        for (String payload : PAYLOADS.stream().filter(InjectionIT::sendableInAHeader).toList()) {
                            Map<String, String> headers = new HashMap<>(endpoint.headers);
                            headers.put(header, payload);
                            assertNoServerError(endpoint, post(http, engine, endpoint, headers, endpoint.validBodies.get(0)),
                                    header + ": " + payload);
                            sent++;
                        }
                    }
                }
                // and signals carrying every payload as label values that make the engine act: a restart of search
                // (latency), the circuit-break webhook of payments (errors under real traffic)
                ObjectNode labels = EngineFixture.JSON.createObjectNode();
                for (int i = 0; i < PAYLOADS.size(); i++) {
                    labels.put("p" + i, PAYLOADS.get(i));
                }
                ArrayNode triggers = EngineFixture.JSON.createArrayNode();
                triggers.addObject().put("service", "search").put("metric", "latency_p99").put("value", 900)
                        .set("labels", labels);
                triggers.addObject().put("service", "payments").put("metric", "throughput").put("value", 900)
                        .set("labels", labels);
                triggers.addObject().put("service", "payments").put("metric", "error_rate").put("value", 0.3)
                        .set("labels", labels);
                HttpResponse<String> accepted = post(http, engine, IngestEndpoint.SIGNALS, Map.of(), triggers.toString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(sent).isGreaterThan(500);
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(argvRecord)
                        && Files.readString(argvRecord).contains("\nsearch\n")
                        && receiver.calls().stream().anyMatch(c -> c.path().equals("/actions/circuit-break")));

                // then: each restart ran with exactly its inventory argv, and no payload is in its environment
                List<String> runs = Stream.of(Files.readString(argvRecord).split("--run\n")).filter(r -> !r.isEmpty())
                        .toList();
                assertThat(runs).contains(script + "\nsearch\n").allSatisfy(run -> assertThat(run).isIn(
                        Stream.of("orders", "demo-checkout", "search", "payments").map(id -> script + "\n" + id + "\n")
                                .toList()));
                assertThat(Files.readString(envRecord)).doesNotContain(MARKER);
                // and the webhook requests carry only the engine's own headers, none with a payload in it
                assertThat(receiver.calls()).isNotEmpty().allSatisfy(call -> {
                    assertThat(call.headers().keySet()).isSubsetOf(WEBHOOK_HEADERS);
                    assertThat(call.headers().toString()).doesNotContain(MARKER).doesNotContainIgnoringCase("x-injected");
                });
                // and no incident is about a service that is not in the inventory
                assertThat(engine.getJson("/api/v1/incidents?limit=500").get("incidents").findValuesAsText("serviceId"))
                        .isNotEmpty().allMatch(id -> Set.of("orders", "demo-checkout", "search", "payments").contains(id));
            }
        }
        // and no file anywhere we can see was named by a payload, nor created outside the data dir but ours
        assertThat(filesNamedWithTheMarker(Path.of("/tmp"), 3)).isEmpty();
        assertThat(filesNamedWithTheMarker(Path.of("").toAbsolutePath(), 3)).isEmpty();
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("restart.sh", "argv.txt", "env.txt", "data");
        }
        assertThat(filesNamedWithTheMarker(temp, 20)).isEmpty();
    }

    /** The valid body once for every (value, payload) and (field name, payload) pair. */
    private static List<String> everyFieldReplaced(String valid) throws IOException {
        List<String> bodies = new ArrayList<>();
        JsonNode root = EngineFixture.JSON.readTree(valid);
        List<String> pointers = new ArrayList<>();
        leaves(root, "", pointers);
        for (String pointer : pointers) {
            boolean inObject = root.at(pointer.substring(0, pointer.lastIndexOf('/'))).isObject();
            for (String payload : PAYLOADS) {
                bodies.add(edited(root, pointer, (parent, key) -> {
                    if (parent instanceof ObjectNode object) {
                        object.put(key, payload);
                    } else {
                        ((ArrayNode) parent).set(Integer.parseInt(key), text(payload));
                    }
                }));
                if (inObject) { // the field's name as the payload too (label names, unknown fields)
                    bodies.add(edited(root, pointer, (parent, key) -> {
                        JsonNode value = ((ObjectNode) parent).remove(key);
                        ((ObjectNode) parent).set(payload, value);
                    }));
                }
            }
        }
        return bodies;
    }

    private static JsonNode text(String text) {
        return EngineFixture.JSON.getNodeFactory().textNode(text);
    }

    /** A copy of {@code root} with {@code edit} applied to the parent of {@code pointer} and its last key. */
    private static String edited(JsonNode root, String pointer, java.util.function.BiConsumer<JsonNode, String> edit) {
        JsonNode copy = root.deepCopy();
        int slash = pointer.lastIndexOf('/');
        edit.accept(copy.at(pointer.substring(0, slash)), pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~"));
        return copy.toString();
    }

    private static void leaves(JsonNode node, String pointer, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> leaves(f.getValue(),
                    pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), pointer + "/" + i, into);
            }
        } else if (!pointer.isEmpty()) {
            into.add(pointer);
        }
    }

    private static boolean sendableInAHeader(String payload) {
        return payload.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static HttpResponse<String> post(HttpClient http, EngineFixture engine, IngestEndpoint endpoint,
                                             Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.url(endpoint.path)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", endpoint.contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoServerError(IngestEndpoint endpoint, HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as("%s with %s: %s", endpoint, what, response.body()).isBetween(200, 499);
    }

    private static List<Path> filesNamedWithTheMarker(Path root, int depth) throws IOException {
        try (Stream<Path> files = Files.find(root, depth, (path, attributes) -> path.getFileName() != null
                && path.getFileName().toString().contains(MARKER))) {
            return files.toList();
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("cannot look through " + root + " for created files", e);
        }
    }
}
