package io.healingengine.supervise;

import io.healingengine.config.ProbeConfig;
import io.healingengine.dispatch.executors.ProcessRunner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Map;

/**
 * One active probe, run on the Vert.x event loop (argv probes on a worker): an HTTP GET that must answer the
 * expected status (and, if set, a body containing a text), a TCP connect, or a program that must exit 0 — each
 * within its timeout. Every probe opens a new connection, so a process that stopped answering cannot hide
 * behind a pooled one.
 */
final class Probe {
    /** What one probe saw, and how long it took (a probe that timed out took its timeout). */
    record Result(boolean passed, String detail, long latencyMs) {
        /** What one attempt saw; {@link #run()} adds how long it took. */
        Result(boolean passed, String detail) {
            this(passed, detail, 0);
        }
    }

    private final Vertx vertx;
    private final ProbeConfig config;
    private final HttpClient http;
    private final NetClient tcp;

    Probe(Vertx vertx, ProbeConfig config) {
        this.vertx = vertx;
        this.config = config;
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeoutMs());
        this.http = config.http() == null ? null : vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setConnectTimeout(timeout));
        this.tcp = config.tcp() == null ? null : vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeout));
    }

    ProbeConfig config() {
        return config;
    }

    /** Runs the probe once; the future always succeeds, with the result. */
    Future<Result> run() {
        long started = System.nanoTime();
        Promise<Result> result = Promise.promise();
        long timer = vertx.setTimer(config.timeoutMs(), id -> result.tryComplete(
                new Result(false, config.describe() + " timed out after " + config.timeoutMs() + " ms",
                        config.timeoutMs())));
        attempt().onComplete(done -> {
            vertx.cancelTimer(timer);
            long ms = (System.nanoTime() - started) / 1_000_000;
            result.tryComplete(done.succeeded()
                    ? new Result(done.result().passed(), done.result().detail() + " in " + ms + " ms", ms)
                    : new Result(false, config.describe() + " failed after " + ms + " ms: " + done.cause().getMessage(), ms));
        });
        return result.future();
    }

    private Future<Result> attempt() {
        if (http != null) {
            return http.request(new RequestOptions().setAbsoluteURI(config.http()).setMethod(HttpMethod.GET))
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> {
                        boolean statusOk = response.statusCode() == config.expectStatus();
                        boolean bodyOk = config.bodyContains() == null || body.toString().contains(config.bodyContains());
                        return new Result(statusOk && bodyOk, config.describe() + " answered " + response.statusCode()
                                + (statusOk && !bodyOk ? " without '" + config.bodyContains() + "' in its body" : ""));
                    }));
        }
        if (tcp != null) {
            int colon = config.tcp().lastIndexOf(':');
            return tcp.connect(Integer.parseInt(config.tcp().substring(colon + 1)), config.tcp().substring(0, colon))
                    .compose(socket -> socket.close().map(new Result(true, config.describe() + " connected")));
        }
        return vertx.executeBlocking(() -> ProcessRunner.run(config.argv(), null, Map.of(), config.timeoutMs()), false)
                .map(outcome -> new Result(outcome.succeeded(), config.describe() + (outcome.startError() != null
                        ? " could not start: " + outcome.startError()
                        : outcome.timedOut() ? " timed out" : " exited " + outcome.exitCode())));
    }
}
