package io.healingengine.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The demo's on-call pager: a local webhook receiver that prints every page it gets. */
final class DemoPager {
    private final HttpServer server;

    private DemoPager(HttpServer server) {
        this.server = server;
    }

    static DemoPager start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/page", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String page = new String(body.readNBytes(8192), StandardCharsets.UTF_8);
                System.out.println("PAGER >>> on-call paged: " + page);
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        return new DemoPager(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
    }

    void stop() {
        server.stop(0);
    }
}
