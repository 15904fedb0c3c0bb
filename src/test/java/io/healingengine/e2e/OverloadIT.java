package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flood larger than the engine can take, on a real engine JVM with a small heap: the edge answers 503
 * {@code overloaded} with {@code Retry-After} instead of queueing without end, never another 5xx, never an
 * OutOfMemoryError; what it acknowledged was evaluated, what it refused was not, and it keeps working.
 */
class OverloadIT {
    private static final Pattern INGESTED = Pattern.compile("(?m)^selfheal_signals_ingested_total (\\S+)$");
    private static final Logger LOG = LoggerFactory.getLogger(OverloadIT.class);
    @TempDir
    Path temp;

    @Test
    void shouldRefuseWithRetryAfterAndStayAliveWhenFloodedBeyondItsQueues() throws Exception {
        Path config = Files.writeString(temp.resolve("engine.yaml"), "inventory:\n  autoRegister: true\n");
        try (EngineJvm engine = EngineJvm.start(config, temp.resolve("data"), temp.resolve("engine.log"), "-Xmx128m")) {
            // given: a hundred clients that each send 10,000 signals (about 600 kB) per request, back to back
            // when: they flood the engine until it has refused them fifty times
            Flood flood = Flood.run(engine, 100, 10_000);

            // then: each refusal is a 503 overloaded problem with Retry-After; nothing else but 202
            assertThat(flood.statuses.keySet()).as("statuses answered; the engine's log ends:\n" + engine.logTail())
                    .containsOnly(202, 503);
            assertThat(flood.refusals).isNotEmpty().allSatisfy(refusal -> assertThat(refusal)
                    .startsWith("1 application/problem+json").contains("problems/overloaded").containsPattern(
                            "intake\\.max(QueuedItems|BytesInProgress|RequestsInProgress)"));
            // ... the engine is alive, never ran out of memory, and answers
            assertThat(engine.alive()).isTrue();
            assertThat(engine.get("/health").statusCode()).isEqualTo(200);
            assertThat(Files.readString(temp.resolve("engine.log"))).doesNotContain("OutOfMemoryError");
            // ... it evaluated every signal it acknowledged and none it refused
            assertThat(ingested(engine)).isEqualTo(flood.acknowledgedSignals.get());
            // ... and it still acts on what it is told
            HttpResponse<String> spike = engine.postJson("/api/v1/signals",
                    "{\"service\":\"after-flood\",\"metric\":\"latency_p99\",\"value\":650}");
            assertThat(spike.statusCode()).as(spike.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    engine.json("/api/v1/incidents?service=after-flood").get("incidents").size() == 1);
        }
    }

    @Test
    void shouldRefuseRequestsBeyondThoseInProgressBeforeReadingTheirBodies() throws Exception {
        Path config = Files.writeString(temp.resolve("engine.yaml"),
                "inventory:\n  autoRegister: true\nintake:\n  maxRequestsInProgress: 2\n  retryAfterSeconds: 3\n");
        try (EngineJvm engine = EngineJvm.start(config, temp.resolve("data"), temp.resolve("engine.log"), "-Xmx128m")) {
            // given: an engine that reads two ingest requests at a time
            // when: eight clients send at once
            Flood flood = Flood.run(engine, 8, 2_000);

            // then: the others are refused before their bodies are read, with the configured Retry-After
            assertThat(flood.statuses.keySet()).as("statuses answered").containsOnly(202, 503);
            assertThat(flood.refusals).isNotEmpty().allSatisfy(refusal -> assertThat(refusal)
                    .startsWith("3 application/problem+json").contains("intake.maxRequestsInProgress"));
            assertThat(ingested(engine)).isEqualTo(flood.acknowledgedSignals.get());
            assertThat(engine.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldHoldTheLimitOfRequestsInProgressAcrossEveryEventLoop() throws Exception {
        Path config = Files.writeString(temp.resolve("engine.yaml"), "server:\n  eventLoops: 2\n"
                + "inventory:\n  autoRegister: true\nintake:\n  maxRequestsInProgress: 1\n");
        try (EngineJvm engine = EngineJvm.start(config, temp.resolve("data"), temp.resolve("engine.log"))) {
            String body = "{\"service\":\"held\",\"metric\":\"latency_p99\",\"value\":40}";
            // given: an engine with two event loops that reads one ingest request at a time, and a client whose
            // request is in progress: its headers are sent, its body not yet
            try (Socket held = new Socket("127.0.0.1", engine.port)) {
                OutputStream out = held.getOutputStream();
                out.write(("POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();

                // when: more clients send a signal, each on a connection of its own, which the engine hands to its
                // event loops in turn: one until the held request is seen in progress, then four more
                await().atMost(Duration.ofSeconds(10)).until(() -> postOnNewConnection(engine.port, body),
                        answer -> answer.startsWith("HTTP/1.1 503"));
                List<String> others = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    others.add(postOnNewConnection(engine.port, body));
                }

                // then: every one is refused, whichever event loop read it (a gate per loop would admit half)
                assertThat(others).allSatisfy(answer -> assertThat(answer).startsWith("HTTP/1.1 503")
                        .contains("intake.maxRequestsInProgress"));

                // and the held request, once its body arrives, is acknowledged, and the next is admitted again
                out.write(body.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(held.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .startsWith("HTTP/1.1 202");
            }
            assertThat(postOnNewConnection(engine.port, body)).startsWith("HTTP/1.1 202");
        }
    }

    /** POSTs a signal on a connection of its own and returns the whole answer, status line first. */
    private static String postOnNewConnection(int port, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double ingested(EngineJvm engine) throws IOException, InterruptedException {
        Matcher m = INGESTED.matcher(engine.get("/metrics").body());
        assertThat(m.find()).as("selfheal_signals_ingested_total in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    /**
     * Clients posting the same batch of healthy signals (so the flood measures intake alone) back to back, for at
     * most 20 s, until 50 refusals and 20 acknowledgements were seen. Keeps the count of answers by status, the
     * signals acknowledged, and the first refusals as "Retry-After Content-Type body".
     */
    private record Flood(Map<Object, AtomicLong> statuses, AtomicLong acknowledgedSignals, List<String> refusals) {
        static Flood run(EngineJvm engine, int clients, int signalsPerRequest) throws Exception {
            Flood flood = new Flood(new ConcurrentHashMap<>(), new AtomicLong(), Collections.synchronizedList(new ArrayList<>()));
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long ends = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<Future<Object>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String body = batch("flood-" + c + "-", signalsPerRequest);
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < ends && (flood.count(503) < 50 || flood.count(202) < 20)) {
                        try {
                            flood.record(engine.postJson("/api/v1/signals", body));
                        } catch (IOException e) {
                            flood.statuses.computeIfAbsent(e.getClass().getSimpleName(), s -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<Object> client : running) {
                client.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            LOG.info("flood answers by status {}; first refusals: {}", flood.statuses, flood.refusals);
            return flood;
        }

        private void record(HttpResponse<String> answer) throws IOException {
            statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicLong()).incrementAndGet();
            if (answer.statusCode() == 202) {
                acknowledgedSignals.addAndGet(EngineFixture.JSON.readTree(answer.body()).get("accepted").asLong());
            } else if (answer.statusCode() == 503 && refusals.size() < 5) {
                refusals.add(answer.headers().firstValue("Retry-After").orElse("(none)") + " "
                        + answer.headers().firstValue("Content-Type").orElse("") + " " + answer.body());
            }
        }

        private long count(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        private static String batch(String servicePrefix, int signals) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < signals; i++) {
                body.append(i == 0 ? "" : ",").append("{\"service\":\"").append(servicePrefix).append(i % 20)
                        .append("\",\"metric\":\"latency_p99\",\"value\":").append(40 + i % 7).append('}');
            }
            return body.append(']').toString();
        }
    }
}
