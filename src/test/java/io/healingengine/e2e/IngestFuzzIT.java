package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.ServerConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.files.FileTrees;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws over 10,000 random and mutated bodies at every ingest endpoint of one real engine over loopback
 * (docs/api.md: signals, heartbeats, errors, alertmanager, cloudevents structured and binary). Every answer
 * is a 2xx or a problem+json 4xx, never a 5xx; after the run a valid signal is still accepted, and
 * at the end a valid signal is still evaluated (it opens an incident) and the live heap after a full GC is
 * within {@link #HEAP_BOUND_BYTES} of where it was after the warm-up.
 */
class IngestFuzzIT {
    static final int TRIES = 10_200;
    /** Each endpoint gets about a sixth of the tries; at least this many. */
    static final int AT_LEAST_PER_ENDPOINT = 1_400;
    static final long HEAP_BOUND_BYTES = 64L * 1024 * 1024;
    private static final Set<Integer> ALLOWED = Set.of(202, 400, 404, 413, 415);
    private static final String VALID_SIGNAL = "{\"service\":\"orders\",\"metric\":\"latency_p99\",\"value\":120}";
    private static Path temp;
    private static EngineFixture engine;
    private static HttpClient http;
    private static long heapAfterWarmUp;
    /** Answers to the fuzzed requests by status, over all endpoints. */
    private static final Map<Integer, AtomicInteger> ANSWERS = new ConcurrentSkipListMap<>();
    private static final Map<IngestEndpoint, AtomicInteger> SENT = new ConcurrentSkipListMap<>();

    @BeforeContainer
    static void start() throws Exception {
        // given: an engine that knows only its inventory (as in production), warmed up
        temp = Files.createTempDirectory("ingest-fuzz");
        List<ServiceConfig> inventory = Stream.of("orders", "demo-checkout", "after-fuzz")
                .map(id -> new ServiceConfig(id, "critical", 0L, null, false, null, Map.of())).toList();
        engine = EngineFixture.start(new EngineConfig(new ServerConfig(null, 0, null, null), temp.resolve("data").toString(),
                null, new InventoryConfig(false, null, inventory), null, null, null));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 200; i++) {
            for (IngestEndpoint endpoint : IngestEndpoint.values()) {
                String valid = endpoint.validBodies.get(i % endpoint.validBodies.size());
                send(endpoint, endpoint.headers, valid.getBytes(StandardCharsets.UTF_8));
            }
        }
        heapAfterWarmUp = liveHeap();
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            // then: at least 10,000 bodies were sent, plenty to each endpoint
            int sent = ANSWERS.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.printf("ingest fuzz: %d bodies %s, answered %s%n", sent, SENT, ANSWERS);
            assertThat(sent).isGreaterThanOrEqualTo(10_000);
            assertThat(SENT).hasSize(IngestEndpoint.values().length)
                    .allSatisfy((endpoint, count) -> assertThat(count.get()).isGreaterThanOrEqualTo(AT_LEAST_PER_ENDPOINT));
            // and a valid signal is still taken and evaluated: a latency spike opens an incident
            HttpResponse<String> spike = post("/api/v1/signals", "application/json", Map.of(),
                    "{\"service\":\"after-fuzz\",\"metric\":\"latency_p99\",\"value\":900}".getBytes(StandardCharsets.UTF_8));
            assertThat(spike.statusCode()).as(spike.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(engine
                    .getJson("/api/v1/incidents?service=after-fuzz").get("incidents")).isNotEmpty());
            // and the live heap is where it was after the warm-up, give or take the bound
            long heapAtEnd = liveHeap();
            System.out.printf("ingest fuzz: live heap after warm-up %d MiB, at the end %d MiB%n",
                    heapAfterWarmUp >> 20, heapAtEnd >> 20);
            assertThat(heapAtEnd).as("live heap at the end, bytes").isLessThan(heapAfterWarmUp + HEAP_BOUND_BYTES);
        } finally {
            engine.close();
            FileTrees.delete(temp);
        }
    }

    @AfterProperty
    void shouldStillAcceptAValidSignal() throws Exception {
        HttpResponse<String> response = post("/api/v1/signals", "application/json", Map.of(),
                VALID_SIGNAL.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    /** One fuzzed request: where it goes, the headers besides Content-Type, the body. */
    record FuzzedRequest(IngestEndpoint endpoint, Map<String, String> headers, HostileBodies.Body body) {
    }

    @Property(tries = TRIES)
    void shouldAnswerEveryBodyOnEveryIngestEndpointWithoutA5xx(@ForAll("requests") FuzzedRequest request)
            throws Exception {
        // when
        HttpResponse<String> response = send(request.endpoint(), request.headers(), request.body().bytes());
        SENT.computeIfAbsent(request.endpoint(), e -> new AtomicInteger()).incrementAndGet();
        ANSWERS.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();

        // then: accepted, or refused with a problem document saying what was wrong
        String what = request.endpoint() + " " + request.body();
        assertThat(response.statusCode()).as("%s answered %s", what, response.body()).isIn(ALLOWED);
        if (response.statusCode() >= 400) {
            assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
            JsonNode problem = EngineFixture.JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
            assertThat(problem.path("detail").asText()).isNotBlank();
            if (problem.path("type").asText().endsWith("/invalid-field")) {
                assertThat(problem.path("field").asText()).as("%s: %s", what, response.body()).isNotBlank();
            }
        }
    }

    /** Every endpoint alike; the binary CloudEvent's headers now and then junk or missing. */
    @Provide
    Arbitrary<FuzzedRequest> requests() {
        return Arbitraries.of(IngestEndpoint.values()).flatMap(endpoint -> Combinators.combine(
                endpoint == IngestEndpoint.CLOUDEVENTS_BINARY ? binaryHeaders() : Arbitraries.just(endpoint.headers),
                HostileBodies.of(endpoint)).as((headers, body) -> new FuzzedRequest(endpoint, headers, body)));
    }

    private static Arbitrary<Map<String, String>> binaryHeaders() {
        return Arbitraries.longs().map(seed -> {
            Random random = new Random(seed);
            Map<String, String> headers = new java.util.HashMap<>(IngestEndpoint.CLOUDEVENTS_BINARY.headers);
            if (random.nextInt(3) == 0) {
                List<String> names = List.copyOf(headers.keySet());
                String name = names.get(random.nextInt(names.size()));
                if (random.nextBoolean()) {
                    headers.remove(name);
                } else {
                    headers.put(name, printable(random, random.nextInt(3) == 0 ? 5_000 : 1 + random.nextInt(40)));
                }
            }
            return Map.copyOf(headers);
        });
    }

    private static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + random.nextInt(94)));
        }
        return text.toString();
    }

    private static HttpResponse<String> send(IngestEndpoint endpoint, Map<String, String> headers, byte[] body)
            throws Exception {
        return post(endpoint.path, endpoint.contentType, headers, body);
    }

    private static HttpResponse<String> post(String path, String contentType, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.url(path)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Heap in use after full collections: what is still reachable. */
    private static long liveHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
