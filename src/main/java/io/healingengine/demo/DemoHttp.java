package io.healingengine.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Plumbing for the demo service's tiny HTTP API on the JDK's {@code HttpServer}. */
final class DemoHttp {
    private static final System.Logger LOG = System.getLogger(DemoHttp.class.getName());
    private DemoHttp() {
    }

    /** What a route answers. */
    record Reply(int status, String contentType, String body) {
        static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }

        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body);
        }
    }

    @FunctionalInterface
    interface Route {
        Reply handle(HttpExchange exchange) throws IOException;
    }

    /** Thrown by {@link #requireMethod}; becomes a 405 with an {@code Allow} header. */
    static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MethodNotAllowed(String allowed) {
            super(allowed, null, false, false);
        }
    }

    /**
     * Adapts a route to a handler: {@link IllegalArgumentException} becomes 400, anything else 500, and the
     * exchange is always closed.
     */
    static HttpHandler handler(String service, Route route) {
        return exchange -> {
            Reply reply;
            try {
                reply = route.handle(exchange);
            } catch (IllegalArgumentException e) {
                reply = Reply.text(400, e.getMessage() + "\n");
            } catch (MethodNotAllowed e) {
                exchange.getResponseHeaders().set("Allow", e.getMessage());
                reply = Reply.text(405, "method not allowed, use " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, service + ": " + exchange.getRequestURI() + " failed: " + e);
                reply = Reply.text(500, "internal error\n");
            }
            send(exchange, reply);
        };
    }

    private static void send(HttpExchange exchange, Reply reply) {
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            out.write(body);
        } catch (IOException e) {
            // The client went away: there is no one left to answer.
        }
    }

    static void requireMethod(HttpExchange exchange, String method) {
        if (!method.equals(exchange.getRequestMethod())) {
            throw new MethodNotAllowed(method);
        }
    }

    /** Contexts match by prefix; this makes a route exact. */
    static boolean pathIs(HttpExchange exchange, String path) {
        return path.equals(exchange.getRequestURI().getPath());
    }

    /** A required numeric query parameter within {@code [min, max]}. */
    static double queryDouble(HttpExchange exchange, String key, double min, double max) {
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && key.equals(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))) {
                String raw = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                double value;
                try {
                    value = Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!(value >= min && value <= max)) {
                    throw new IllegalArgumentException("query parameter '" + key + "' must be in [" + min + ", "
                            + max + "], but was '" + raw + "'");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("query parameter '" + key + "' is required");
    }
}
