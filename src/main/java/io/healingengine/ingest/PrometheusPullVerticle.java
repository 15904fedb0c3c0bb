package io.healingengine.ingest;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.bus.SignalBatch;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.PrometheusConfig;
import io.healingengine.config.PrometheusQueryConfig;
import io.healingengine.ingest.PromQlResult.Sample;
import io.healingengine.ingest.PullProblem.PullException;
import io.healingengine.metrics.SelfHealMetrics;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls signals from Prometheus: every {@code intervalSeconds} each configured PromQL query is evaluated
 * ({@code GET <url>/api/v1/query}), and its samples go to the rule engine as one {@link SignalBatch},
 * exactly like a {@code POST /api/v1/signals}. Each query runs its own loop — evaluate, wait for the
 * rest of the interval, evaluate again — with asynchronous requests bounded by {@code timeoutSeconds}:
 * a slow or failing query delays no other and never the event loop, and never overlaps itself. Failures
 * are logged as {@code self_heal event=prometheus_query_failed query=… reason=…} and counted, never thrown.
 */
public final class PrometheusPullVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusPullVerticle.class);

    private final EngineConfig config;
    private final PrometheusConfig prometheus;
    private final SelfHealMetrics metrics;
    private final Set<Long> timers = new HashSet<>();
    private WebClient client;
    private boolean stopped;

    public PrometheusPullVerticle(EngineConfig config, SelfHealMetrics metrics) {
        this.config = config;
        this.prometheus = config.integrations().prometheus();
        this.metrics = metrics;
    }

    /** Whether the configuration asks for any pulling. */
    public static boolean configured(EngineConfig config) {
        return config.integrations().prometheus() != null && !config.integrations().prometheus().queries().isEmpty();
    }

    @Override
    public void start(Promise<Void> started) {
        long timeoutMs = prometheus.timeoutSeconds() * 1000L;
        // Two connections per query: one may still be winding down after its evaluation timed out.
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("healing-engine")
                .setKeepAlive(true).setConnectTimeout((int) timeoutMs).setIdleTimeout(prometheus.timeoutSeconds()),
                new PoolOptions().setHttp1MaxSize(Math.max(4, 2 * prometheus.queries().size())));
        prometheus.queries().forEach(this::evaluate);
        LOG.info("self_heal event=prometheus_pull_started url={} queries={} interval_s={} timeout_s={}",
                prometheus.queryUrl(), prometheus.queries().stream().map(PrometheusQueryConfig::name).toList(),
                prometheus.intervalSeconds(), prometheus.timeoutSeconds());
        started.complete();
    }

    @Override
    public void stop() {
        stopped = true;
        timers.forEach(vertx::cancelTimer);
        client.close();
    }

    private void evaluate(PrometheusQueryConfig query) {
        long started = System.nanoTime();
        long timeoutMs = prometheus.timeoutSeconds() * 1000L;
        client.getAbs(prometheus.queryUrl())
                .addQueryParam("query", query.query())
                .addQueryParam("timeout", prometheus.timeoutSeconds() + "s")
                .idleTimeout(timeoutMs)
                .send()
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .compose(response -> toBatch(query, response, started))
                .onComplete(done -> {
                    if (stopped) {
                        return;
                    }
                    if (done.failed()) {
                        PullException problem = asProblem(done.cause());
                        failed(query, problem.problem(), problem.getMessage());
                    }
                    scheduleNext(query, started);
                });
    }

    /** The next evaluation an interval after this one started, or at once if this one took longer. */
    private void scheduleNext(PrometheusQueryConfig query, long started) {
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long delayMs = Math.max(1, prometheus.intervalSeconds() * 1000L - elapsedMs);
        long[] id = new long[1];
        id[0] = vertx.setTimer(delayMs, fired -> {
            timers.remove(id[0]);
            evaluate(query);
        });
        timers.add(id[0]);
    }

    /** Parses the answer, reports the dropped samples, sends the rest; fails when nothing could be read. */
    private Future<Void> toBatch(PrometheusQueryConfig query, HttpResponse<Buffer> response, long started) {
        long answered = System.nanoTime();
        metrics.prometheusQueried(query.name(), Duration.ofNanos(answered - started));
        Buffer body = response.body();
        List<Sample> samples = PromQlResult.parse(response.statusCode(), body == null ? null : body.getBytes(),
                config.server().maxSignalsPerRequest());
        PulledSignals.Outcome outcome = PulledSignals.of(query, samples, config.inventory());
        outcome.problems().forEach(problem -> failed(query, problem.problem(), problem.detail()));
        LOG.debug("self_heal event=prometheus_query_evaluated query={} samples={} signals={} ms={}", query.name(),
                samples.size(), outcome.signals().size(), (answered - started) / 1_000_000);
        if (outcome.signals().isEmpty()) {
            return Future.succeededFuture();
        }
        return vertx.eventBus().<Integer>request(Addresses.ENGINE_SIGNALS, new SignalBatch(outcome.signals(), answered),
                        LocalCodec.withTimeout(SignalRoutes.ENGINE_REPLY_TIMEOUT_MS))
                .recover(error -> Future.failedFuture(new PullException(PullProblem.ENGINE_UNAVAILABLE,
                        "the engine did not take " + outcome.signals().size() + " signals in time: " + error.getMessage())))
                .onSuccess(applied -> metrics.prometheusSamples(query.name(), outcome.signals().size()))
                .mapEmpty();
    }

    private PullException asProblem(Throwable error) {
        if (error instanceof PullException known) {
            return known;
        }
        if (error instanceof TimeoutException) {
            return new PullException(PullProblem.TIMEOUT, "no answer within " + prometheus.timeoutSeconds() + " s");
        }
        if (error instanceof IOException || error instanceof HttpClosedException) {
            return new PullException(PullProblem.UNREACHABLE, error.getClass().getSimpleName() + ": " + error.getMessage());
        }
        return new PullException(PullProblem.BAD_RESPONSE, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    private void failed(PrometheusQueryConfig query, PullProblem problem, String detail) {
        metrics.prometheusQueryFailed(query.name(), problem.reason());
        LOG.warn("self_heal event=prometheus_query_failed query={} reason={} url={} detail=\"{}\"", query.name(),
                problem.reason(), prometheus.queryUrl(), PromQlResult.clip(String.valueOf(detail)));
    }
}
