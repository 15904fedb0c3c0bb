package io.healingengine.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local webhook receiver that keeps every body POSTed to it: the on-call pager of the tests. */
final class PageReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<String> pages = new CopyOnWriteArrayList<>();

    PageReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/page", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                pages.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
    }

    List<String> pages() {
        return List.copyOf(pages);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
