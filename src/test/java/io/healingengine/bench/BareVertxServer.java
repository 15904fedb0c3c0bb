package io.healingengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.config.ServerConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The ingest baseline: a bare Vert.x route that reads the same JSON body into a Jackson tree, counts the
 * signals and answers 202 — the least any JSON-over-HTTP ingest on the JVM must do, with no validation, no
 * rules and no engine behind it — on as many event loops as the engine's HTTP API has by default
 * ({@code server.eventLoops}: the machine's cores, at most 4), sharing one port the same way.
 * {@code java -cp … io.healingengine.bench.BareVertxServer <port>}.
 */
public final class BareVertxServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BareVertxServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        int eventLoops = ServerConfig.ofDefaults().eventLoops();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return listen(vertx, port);
            }
        }, new DeploymentOptions().setInstances(eventLoops))
                .onSuccess(id -> System.out.println("bare baseline listening on " + port + " with " + eventLoops
                        + " event loops"))
                .onFailure(error -> {
                    error.printStackTrace();
                    System.exit(1);
                });
    }

    private static Future<HttpServer> listen(Vertx vertx, int port) {
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
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(router).listen();
    }
}
