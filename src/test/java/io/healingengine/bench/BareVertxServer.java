package io.healingengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The ingest baseline: a bare Vert.x route on one event loop (as many as the engine's HTTP verticle)
 * that reads the same JSON body into a Jackson tree, counts the signals and answers 202 — the least any
 * JSON-over-HTTP ingest on the JVM must do, with no validation, no rules and no engine behind it.
 * {@code java -cp … io.healingengine.bench.BareVertxServer <port>}.
 */
public final class BareVertxServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BareVertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.post("/api/v1/signals").handler(BodyHandler.create().setBodyLimit(1 << 20));
        router.post("/api/v1/signals").handler(ctx -> {
            try {
                JsonNode body = JSON.readTree(ctx.body().buffer().getBytes());
                int accepted = body.isArray() ? body.size() : 1;
                ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end("{\"accepted\":" + accepted + ",\"applied\":" + accepted + "}");
            } catch (java.io.IOException e) {
                ctx.response().setStatusCode(400).end();
            }
        });
        router.get("/health").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(router).listen()
                .onSuccess(server -> System.out.println("bare baseline listening on " + server.actualPort()))
                .onFailure(error -> {
                    error.printStackTrace();
                    System.exit(1);
                });
    }
}
