package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.Signal;
import io.healingengine.bus.SignalBatch;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.IntegrationsConfig;
import io.healingengine.config.PrometheusConfig;
import io.healingengine.config.PrometheusQueryConfig;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The pull on real Vert.x and real HTTP, against a stand-in Prometheus that answers each query the way
 * Prometheus 2.42 does — quickly, slowly, with a bad-query error, with NaN — and a recorder in place of
 * the rule engine on the bus. The real Prometheus is in e2e/PrometheusPullIT.
 */
class PrometheusPullVerticleIT {
    private static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[%s]}}";
    private final List<SignalBatch> batches = new CopyOnWriteArrayList<>();
    private final SelfHealMetrics metrics = new SelfHealMetrics();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ExecutorService prometheusThreads = Executors.newCachedThreadPool();
    private Vertx vertx;
    private HttpServer prometheus;

    /** Released when the test ends: the "slow" query's answer waits for it. */
    private final java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        vertx = Vertx.vertx();
        LocalCodec.register(vertx.eventBus());
        log.start();
        ((Logger) LoggerFactory.getLogger(PrometheusPullVerticle.class)).addAppender(log);
        prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query", this::answer);
        prometheus.setExecutor(prometheusThreads);
        prometheus.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        testOver.countDown();
        ((Logger) LoggerFactory.getLogger(PrometheusPullVerticle.class)).detachAppender(log);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        prometheus.stop(0);
        prometheusThreads.shutdownNow();
    }

    @Test
    void shouldKeepPullingTheGoodQueryWhileOthersHangFailOrAnswerNaN() throws Exception {
        // given: the engine's side of the bus, and four queries evaluated every second
        recordSignals();
        deploy(url(), List.of(
                query("fast", "checkout_latency_ms"),
                query("slow", "slow_metric"),
                query("broken", "sum(rate(x[1m])"),
                query("partly-nan", "latency_by_job")));

        // when: three seconds pass
        await().atMost(Duration.ofSeconds(6)).until(() -> signals("checkout").size() >= 3);

        // then: the good query arrived every second as signals, as POST /api/v1/signals sends them …
        assertThat(signals("checkout")).allSatisfy(s -> {
            assertThat(s.metric()).isEqualTo("latency_p99");
            assertThat(s.value()).isEqualTo(742.5);
            assertThat(s.timestamp()).isEqualTo(1_795_396_532_925L);
        });
        assertThat(signals("cart")).isNotEmpty();
        assertThat(signals("orders")).isEmpty();
        // … and every failure was logged on one greppable line and counted
        assertThat(failureLines()).anySatisfy(line -> assertThat(line).startsWith(
                "self_heal event=prometheus_query_failed query=slow reason=timeout "));
        assertThat(failureLines()).anySatisfy(line -> assertThat(line).startsWith(
                "self_heal event=prometheus_query_failed query=broken reason=query_error ").contains(
                "bad_data: invalid parameter 'query': 1:17: parse error: unclosed left parenthesis"));
        assertThat(failureLines()).anySatisfy(line -> assertThat(line).startsWith(
                "self_heal event=prometheus_query_failed query=partly-nan reason=not_finite ").contains(
                "1 sample dropped: NaN for orders"));
        String scrape = metrics.scrape();
        assertThat(counter(scrape, "selfheal_prometheus_query_failures_total{query=\"slow\",reason=\"timeout\"}")).isPositive();
        assertThat(counter(scrape, "selfheal_prometheus_query_failures_total{query=\"broken\",reason=\"query_error\"}")).isPositive();
        assertThat(counter(scrape, "selfheal_prometheus_samples_total{query=\"fast\"}")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldSayPrometheusIsUnreachableAndTryAgainNextInterval() throws Exception {
        // given: nothing listens on the configured port
        recordSignals();
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        // when
        deploy("http://127.0.0.1:" + closed, List.of(query("fast", "checkout_latency_ms")));

        // then: a failure each interval, nothing sent, nothing thrown
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(metrics.scrape(),
                "selfheal_prometheus_query_failures_total{query=\"fast\",reason=\"unreachable\"}") >= 2);
        assertThat(failureLines()).first().asString()
                .startsWith("self_heal event=prometheus_query_failed query=fast reason=unreachable url=http://127.0.0.1:"
                        + closed + "/api/v1/query ");
        assertThat(batches).isEmpty();
    }

    @Test
    void shouldSayWhenTheEngineDoesNotTakeTheSignals() throws Exception {
        // given: no rule engine on the bus
        // when
        deploy(url(), List.of(query("fast", "checkout_latency_ms")));

        // then
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(metrics.scrape(),
                "selfheal_prometheus_query_failures_total{query=\"fast\",reason=\"engine_unavailable\"}") >= 1);
    }

    /** Answers like Prometheus 2.42; the "slow" query answers only when the test ends, beyond the 1 s timeout. */
    private void answer(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawQuery();
        String query = URLDecoder.decode(raw.replaceAll(".*query=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        int status = 200;
        String body;
        switch (query) {
            case "checkout_latency_ms" -> body = VECTOR.formatted(
                    "{\"metric\":{\"__name__\":\"checkout_latency_ms\",\"job\":\"checkout\",\"instance\":\"127.0.0.1:1\"},"
                            + "\"value\":[1795396532.925,\"742.5\"]}");
            case "latency_by_job" -> body = VECTOR.formatted(
                    "{\"metric\":{\"job\":\"orders\"},\"value\":[1795396532.9,\"NaN\"]},"
                            + "{\"metric\":{\"job\":\"cart\"},\"value\":[1795396532.9,\"12\"]}");
            case "slow_metric" -> {
                try {
                    // held until the test ends (or 5 s), far beyond the pull's 1 s timeout
                    testOver.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body = VECTOR.formatted("");
            }
            default -> {
                status = 400;
                body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": "
                        + "1:17: parse error: unclosed left parenthesis\"}";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException gone) {
            // the engine gave up waiting: as with a real Prometheus, nobody reads the late answer
        }
        exchange.close();
    }

    private void recordSignals() {
        vertx.eventBus().<SignalBatch>consumer(Addresses.ENGINE_SIGNALS, message -> {
            batches.add(message.body());
            message.reply(message.body().signals().size());
        });
    }

    private void deploy(String url, List<PrometheusQueryConfig> queries) throws Exception {
        EngineConfig config = new EngineConfig(null, null, null, null, null, null,
                new IntegrationsConfig(null, new PrometheusConfig(url, 1, 1, queries)));
        vertx.deployVerticle(new PrometheusPullVerticle(config, metrics)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private String url() {
        return "http://127.0.0.1:" + prometheus.getAddress().getPort();
    }

    private static PrometheusQueryConfig query(String name, String promql) {
        return new PrometheusQueryConfig(name, promql, "job", null, "latency_p99");
    }

    private List<Signal> signals(String service) {
        return batches.stream().flatMap(b -> b.signals().stream()).filter(s -> s.service().equals(service)).toList();
    }

    private List<String> failureLines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.startsWith("self_heal event=prometheus_query_failed")).toList();
    }

    private static double counter(String scrape, String series) {
        return scrape.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }
}
