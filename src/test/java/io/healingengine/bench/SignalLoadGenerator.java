package io.healingengine.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: offers a fixed rate of signals to {@code POST /api/v1/signals} whatever
 * the answers' speed, in requests of {@code batch} signals sent on a schedule, so a slow engine shows up as
 * latency instead of quietly lowering the load (response latency is measured from each request's planned
 * send time: no coordinated omission). Signals go round-robin over the fleet's services and metrics with
 * healthy values; every {@code spikeEveryMs} the next service in turn also gets a latency spike of
 * {@link BenchFleet#LATENCY_SPIKE_MS}, which makes the engine open an incident and dispatch an action.
 *
 * <p>{@code java -cp … io.healingengine.bench.SignalLoadGenerator <port> <signalsPerSecond> <batch> <seconds>
 * <services> <tiers> <spikeEveryMs> <firstSpikeService>
 * <resetLatencyAfterSeconds>}; the last, if not 0, is when the generator starts the engine's signal-to-dispatch
 * figures again ({@code DELETE /api/v1/latency}), so that they leave the warm-up out; prints one JSON line of figures when done.
 */
public final class SignalLoadGenerator {
    private static final int CONNECTIONS = 32;

    private final int port;
    private final double requestsPerSecond;
    private final int batch;
    private final BenchFleet fleet;
    private final long spikeEveryMs;
    private final Histogram response = new Histogram(1, TimeUnit.MINUTES.toMicros(1), 3);
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong otherStatus = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long cursor;
    private long seq;
    private int spikes;
    private int nextSpikeService;
    private int resetLatencyAfterSeconds;
    private boolean resetSent;
    private final List<Future<?>> answers = new ArrayList<>();
    private Future<Boolean> latencyReset = Future.succeededFuture(false);
    private long sent;
    private long signals;

    private SignalLoadGenerator(int port, int signalsPerSecond, int batch, BenchFleet fleet, long spikeEveryMs) {
        this.port = port;
        this.requestsPerSecond = (double) signalsPerSecond / batch;
        this.batch = batch;
        this.fleet = fleet;
        this.spikeEveryMs = spikeEveryMs;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        SignalLoadGenerator generator = new SignalLoadGenerator(port, Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), new BenchFleet(Integer.parseInt(args[4]), Integer.parseInt(args[5])),
                Long.parseLong(args[6]));
        generator.nextSpikeService = Integer.parseInt(args[7]);
        generator.resetLatencyAfterSeconds = Integer.parseInt(args[8]);
        System.out.println(generator.run(Integer.parseInt(args[3])));
        System.exit(0);
    }

    private String run(int seconds) throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextSpike = start + TimeUnit.MILLISECONDS.toNanos(spikeEveryMs);
        long resetAt = resetLatencyAfterSeconds > 0 ? start + TimeUnit.SECONDS.toNanos(resetLatencyAfterSeconds) : -1;
        CountDownLatch done = new CountDownLatch(1);
        long[] spikeAt = {nextSpike};
        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            if (now >= end) {
                vertx.cancelTimer(timer);
                done.countDown();
                return;
            }
            if (resetAt > 0 && now >= resetAt && !resetSent) {
                resetSent = true;
                latencyReset = client.request(HttpMethod.DELETE, "/api/v1/latency").compose(request -> request.send())
                        .map(answer -> answer.statusCode() == 204);
                answers.add(latencyReset);
            }
            long due = (long) ((now - start) / 1e9 * requestsPerSecond);
            while (sent < due) {
                long planned = start + (long) (sent / requestsPerSecond * 1e9);
                boolean spike = spikeEveryMs > 0 && planned >= spikeAt[0];
                if (spike) {
                    spikeAt[0] += TimeUnit.MILLISECONDS.toNanos(spikeEveryMs);
                }
                answers.add(send(client, body(spike), planned));
                sent++;
            }
        });
        done.await();
        // every request's answer (or failure), however late, before the figures are read
        try {
            Future.join(answers).toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("answers still missing a minute after the last request", e);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requests", sent);
        figures.put("signals", signals);
        figures.put("seconds", seconds);
        figures.put("offeredSignalsPerSecond", Math.round(requestsPerSecond * batch));
        figures.put("status202", ok.get());
        figures.put("otherStatus", otherStatus.get());
        figures.put("failed", failed.get());
        figures.put("spikes", spikes);
        figures.put("latencyReset", latencyReset.succeeded() && latencyReset.result());
        synchronized (response) {
            figures.put("responseP50Ms", response.getValueAtPercentile(50) / 1000.0);
            figures.put("responseP99Ms", response.getValueAtPercentile(99) / 1000.0);
            figures.put("responseP999Ms", response.getValueAtPercentile(99.9) / 1000.0);
            figures.put("responseMaxMs", response.getMaxValue() / 1000.0);
        }
        vertx.close();
        return new io.vertx.core.json.JsonObject(figures).encode();
    }

    /** Sends one request; the future completes once its answer was counted (a failure is counted too). */
    private Future<Void> send(HttpClientAgent client, Buffer body, long plannedNanos) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/signals")
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(body))
                .compose(answer -> {
                    record(plannedNanos);
                    (answer.statusCode() == 202 ? ok : otherStatus).incrementAndGet();
                    return answer.body().<Void>mapEmpty();
                })
                .recover(error -> {
                    failed.incrementAndGet();
                    return Future.succeededFuture();
                });
    }

    private void record(long plannedNanos) {
        long micros = Math.max(1, (System.nanoTime() - plannedNanos) / 1_000);
        synchronized (response) {
            response.recordValue(Math.min(micros, response.getHighestTrackableValue()));
        }
    }

    /** The next {@code batch} signals of the round-robin, plus a latency spike for the next service if due. */
    private Buffer body(boolean spike) {
        int pairs = fleet.services() * BenchFleet.METRICS.size();
        StringBuilder json = new StringBuilder(batch * 64).append('[');
        for (int i = 0; i < batch; i++) {
            int pair = (int) (cursor++ % pairs);
            String metric = BenchFleet.METRICS.get(pair % BenchFleet.METRICS.size());
            signal(json, fleet.service(pair / BenchFleet.METRICS.size()), metric, BenchFleet.healthy(metric, seq++));
        }
        if (spike) {
            signal(json, fleet.service(nextSpikeService++ % fleet.services()), "latency_p99", BenchFleet.LATENCY_SPIKE_MS);
            spikes++;
        }
        json.setLength(json.length() - 1);
        signals += batch + (spike ? 1 : 0);
        return Buffer.buffer(json.append(']').toString());
    }

    private static void signal(StringBuilder json, String service, String metric, double value) {
        json.append("{\"service\":\"").append(service).append("\",\"metric\":\"").append(metric)
                .append("\",\"value\":").append(value).append("},");
    }
}
