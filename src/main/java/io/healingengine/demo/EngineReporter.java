package io.healingengine.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends heartbeats and signals to the engine, fire-and-forget. The engine may be down or slow: every
 * failure is counted, at most one line per 30 s is logged, and nothing here ever throws at the caller.
 */
final class EngineReporter {
    private static final System.Logger LOG = System.getLogger(EngineReporter.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String service;
    private final URI heartbeats;
    private final URI signals;
    private final HttpClient client;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());

    EngineReporter(String service, URI engine) {
        String base = engine.toString().replaceAll("/+$", "");
        this.service = service;
        this.heartbeats = URI.create(base + "/api/v1/heartbeats");
        this.signals = URI.create(base + "/api/v1/signals");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** Liveness: "I am here", independent of whether there are metrics to report. */
    void sendHeartbeat() {
        post(heartbeats, "{\"service\":\"" + service + "\"}");
    }

    /** Productivity: one JSON array of signals. */
    void sendSignals(String jsonArray) {
        post(signals, jsonArray);
    }

    long failures() {
        return failures.get();
    }

    private void post(URI uri, String json) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    failed(uri, cause.toString());
                } else if (response.statusCode() / 100 != 2) {
                    failed(uri, "HTTP " + response.statusCode());
                }
            });
        } catch (RuntimeException e) {
            failed(uri, e.toString());
        }
    }

    private void failed(URI uri, String reason) {
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long due = nextLogAt.get();
        if (now - due >= 0 && nextLogAt.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
            LOG.log(System.Logger.Level.WARNING, service + ": report to " + uri + " failed (" + count
                    + " failures so far, logged at most every 30 s): " + reason);
        }
    }
}
