package io.healingengine.demo;

import static io.healingengine.demo.DemoHttp.pathIs;
import static io.healingengine.demo.DemoHttp.queryDouble;
import static io.healingengine.demo.DemoHttp.requireMethod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.healingengine.demo.DemoHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small real HTTP service that plays a production service in demos and end-to-end tests. It heartbeats
 * and reports metrics to the engine, lets a person inject faults through {@code /chaos/*}, and receives
 * the engine's healing webhooks on {@code /actions/{kind}}, which visibly undo the faults.
 *
 * <p>Listens on loopback only. Run {@code DemoService --name NAME [--port 0] [--engine URL] ...}.
 */
public final class DemoService {
    private static final System.Logger LOG = System.getLogger(DemoService.class.getName());
    static final String USAGE = "usage: DemoService --name NAME [--port N] [--engine URL] [--heartbeat-ms N]"
            + " [--metrics-ms N] [--pidfile PATH] [--portfile PATH]";
    private static final Set<String> FLAGS =
            Set.of("name", "port", "engine", "heartbeat-ms", "metrics-ms", "pidfile", "portfile");
    private static final double MAX_LATENCY_MS = 600_000;

    /** Parsed command line. {@code engine}, {@code pidfile} and {@code portfile} may be null. */
    record Settings(String name, int port, URI engine, long heartbeatMs, long metricsMs, Path pidfile,
                    Path portfile) {
        static Settings parse(String[] args) {
            DemoFlags flags = DemoFlags.parse(args, FLAGS);
            return new Settings(flags.serviceName(),
                    (int) flags.longValue("port", 0, 0),
                    flags.optional("engine").map(Settings::engineUri).orElse(null),
                    flags.longValue("heartbeat-ms", 1000, 10),
                    flags.longValue("metrics-ms", 1000, 10),
                    flags.optionalPath("pidfile").orElse(null),
                    flags.optionalPath("portfile").orElse(null));
        }

        private static URI engineUri(String raw) {
            try {
                URI uri = new URI(raw);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw new IllegalArgumentException("flag --engine must be an http(s) URL like http://127.0.0.1:8080,"
                    + " but was '" + raw + "'");
        }
    }

    private final Settings settings;
    private final long pid = ProcessHandle.current().pid();
    private final Instant startedAt;
    private final ChaosState chaos = new ChaosState();
    private final Random random = new Random();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-reporter");
        thread.setDaemon(true);
        return thread;
    });
    private HttpServer server;

    DemoService(Settings settings, Clock clock) {
        this.settings = settings;
        this.startedAt = clock.instant();
    }

    /** Writes the pidfile, listens, writes the portfile, then starts reporting. Returns the bound port. */
    int start() throws IOException {
        if (settings.pidfile() != null) {
            StateFiles.writeAtomically(settings.pidfile(), Long.toString(pid));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 64);
        server.createContext("/", DemoHttp.handler(settings.name(), this::root));
        server.createContext("/health", DemoHttp.handler(settings.name(), this::health));
        server.createContext("/chaos/", DemoHttp.handler(settings.name(), this::chaos));
        server.createContext("/actions/", DemoHttp.handler(settings.name(), this::action));
        server.start();
        int port = server.getAddress().getPort();
        if (settings.portfile() != null) {
            StateFiles.writeAtomically(settings.portfile(), Integer.toString(port));
        }
        if (settings.engine() != null) {
            EngineReporter reporter = new EngineReporter(settings.name(), settings.engine());
            scheduleSafely(reporter::sendHeartbeat, settings.heartbeatMs());
            scheduleSafely(() -> {
                if (!chaos.current().silent()) {
                    reporter.sendSignals(chaos.sampleJson(settings.name(), random));
                }
            }, settings.metricsMs());
        }
        return port;
    }

    /** Stops reporting and listening; removes the pid and port files if they are still ours. */
    void stop() {
        scheduler.shutdownNow();
        if (server != null) {
            server.stop(0);
        }
        if (settings.pidfile() != null) {
            StateFiles.deleteIfHolds(settings.pidfile(), pid);
        }
        if (settings.portfile() != null && server != null) {
            StateFiles.deleteIfHolds(settings.portfile(), server.getAddress().getPort());
        }
    }

    private void scheduleSafely(Runnable task, long periodMs) {
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, settings.name() + ": reporting task failed: " + e);
            }
        }, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private Reply root(HttpExchange exchange) {
        if (!pathIs(exchange, "/")) {
            return Reply.text(404, "not found\n");
        }
        requireMethod(exchange, "GET");
        return Reply.json("{\"service\":\"" + settings.name() + "\",\"pid\":" + pid
                + ",\"startedAt\":\"" + startedAt + "\"}");
    }

    private Reply health(HttpExchange exchange) {
        if (!pathIs(exchange, "/health")) {
            return Reply.text(404, "not found\n");
        }
        requireMethod(exchange, "GET");
        return Reply.text(200, "ok");
    }

    private Reply chaos(HttpExchange exchange) {
        requireMethod(exchange, "POST");
        ChaosState.Faults faults = switch (exchange.getRequestURI().getPath()) {
            case "/chaos/latency" -> chaos.injectLatency(queryDouble(exchange, "ms", 0, MAX_LATENCY_MS));
            case "/chaos/errors" -> chaos.injectErrors(queryDouble(exchange, "rate", 0, 1));
            case "/chaos/reset" -> chaos.reset();
            case "/chaos/silence" -> chaos.silence();
            default -> null;
        };
        if (faults == null) {
            return Reply.text(404, "unknown chaos switch; use latency?ms=, errors?rate=, reset or silence\n");
        }
        LOG.log(System.Logger.Level.INFO, settings.name() + ": chaos " + exchange.getRequestURI() + " -> " + faults.toJson());
        return Reply.json(faults.toJson());
    }

    /** The engine's webhook executor posts here; the effect makes the healing visible in the metrics. */
    private Reply action(HttpExchange exchange) throws IOException {
        requireMethod(exchange, "POST");
        String kind = exchange.getRequestURI().getPath().substring("/actions/".length());
        if (kind.isEmpty() || kind.contains("/")) {
            return Reply.text(404, "use POST /actions/{kind}\n");
        }
        int bytes;
        try (InputStream body = exchange.getRequestBody()) {
            bytes = body.readAllBytes().length;
        }
        String effect = switch (kind) {
            case "circuit-break", "fallback", "rollback" -> "errors-cleared";
            case "scale-up" -> "latency-halved";
            default -> "none";
        };
        ChaosState.Faults faults = switch (effect) {
            case "errors-cleared" -> chaos.clearErrors();
            case "latency-halved" -> chaos.halveLatency();
            default -> chaos.current();
        };
        LOG.log(System.Logger.Level.INFO, settings.name() + ": action=" + kind + " bytes=" + bytes + " effect=" + effect
                + " faults=" + faults.toJson());
        return Reply.json("{\"service\":\"" + settings.name() + "\",\"action\":\"" + jsonSafe(kind)
                + "\",\"effect\":\"" + effect + "\"}");
    }

    private static String jsonSafe(String text) {
        return text.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "DemoService: " + e.getMessage());
            LOG.log(System.Logger.Level.WARNING, USAGE);
            System.exit(2);
            return;
        }
        DemoService service = new DemoService(settings, Clock.systemUTC());
        int port;
        try {
            port = service.start();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "DemoService " + settings.name() + ": cannot start: " + e);
            service.stop();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "demo-shutdown"));
        LOG.log(System.Logger.Level.INFO, "DemoService " + settings.name() + " pid=" + service.pid + " port=" + port
                + " engine=" + (settings.engine() == null ? "none" : settings.engine()) + " started");
    }
}
