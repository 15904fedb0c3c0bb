package io.healingengine.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny application that Prometheus scrapes: {@code GET /metrics} answers Prometheus text with one gauge,
 * {@code app_latency_p99_milliseconds}, whose value the test sets. It remembers when it was scraped.
 */
final class MetricsTarget implements AutoCloseable {
    static final String GAUGE = "app_latency_p99_milliseconds";
    private final HttpServer server;
    private volatile double value;
    private final List<Long> scrapeNanos = new CopyOnWriteArrayList<>();
    private final AtomicInteger scrapes = new AtomicInteger();

    MetricsTarget(double initial) throws IOException {
        value = initial;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("# HELP " + GAUGE + " p99 latency of the last minute, in ms.\n"
                    + "# TYPE " + GAUGE + " gauge\n"
                    + GAUGE + " " + value + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            scrapeNanos.add(System.nanoTime());
            scrapes.incrementAndGet();
        });
        server.start();
    }

    /** host:port, as a Prometheus target. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void set(double newValue) {
        value = newValue;
    }

    /** System.nanoTime() of the first scrape answered after {@code nanos}, or -1. */
    long firstScrapeAfter(long nanos) {
        return scrapeNanos.stream().filter(t -> t - nanos > 0).findFirst().orElse(-1L);
    }

    int scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
