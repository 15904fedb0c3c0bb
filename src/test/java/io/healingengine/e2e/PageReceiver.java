package io.healingengine.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local webhook receiver that keeps every body POSTed to it: the on-call pager of the tests, and
 * the target of action webhooks. It answers {@code status} to every request.
 */
final class PageReceiver implements AutoCloseable {
    /** One received call, with its request headers as received (names lower-cased). */
    record Call(String path, String body, java.util.Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Released when the receiver closes: until then a silent receiver holds every request unanswered. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    PageReceiver() throws IOException {
        this(202, false);
    }

    PageReceiver(int status) throws IOException {
        this(status, false);
    }

    private PageReceiver(int status, boolean silent) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                java.util.Map<String, List<String>> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
                calls.add(new Call(exchange.getRequestURI().getPath(),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8), headers));
            }
            if (silent) {
                awaitClosing();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver that keeps every call and never answers (until it is closed): a hanging pager. */
    static PageReceiver silent() throws IOException {
        return new PageReceiver(202, true);
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pager URL (path /page). */
    String url() {
        return url("/page");
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Bodies POSTed to /page. */
    List<String> pages() {
        return calls.stream().filter(c -> c.path().equals("/page")).map(Call::body).toList();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
