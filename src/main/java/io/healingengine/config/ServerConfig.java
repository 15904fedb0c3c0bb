package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * HTTP listener.
 *
 * @param host                  listen address (default 127.0.0.1: the engine acts on production, keep it
 *                              off public interfaces unless fronted by TLS and auth)
 * @param port                  listen port (default 8080; 0 picks a free one)
 * @param maxBodyBytes          largest accepted request body; larger ones get 413 (default 1 MiB)
 * @param maxSignalsPerRequest  largest signal array per request (default 10,000)
 * @param tls                   HTTPS with a PEM certificate and key (default none: plain HTTP)
 * @param eventLoops            event-loop threads that read requests and write answers, sharing the one listening
 *                              port (default: the machine's cores, at most {@value #MAX_DEFAULT_EVENT_LOOPS}); the
 *                              rules still run on the engine's one thread
 */
public record ServerConfig(String host, Integer port, Integer maxBodyBytes, Integer maxSignalsPerRequest,
                           TlsConfig tls, Integer eventLoops) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_SIGNALS_PER_REQUEST = 10_000;
    public static final int MAX_DEFAULT_EVENT_LOOPS = 4;
    private static final java.util.regex.Pattern LITERAL_ADDRESS =
            java.util.regex.Pattern.compile("[0-9.]{7,15}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public ServerConfig {
        host = host == null ? DEFAULT_HOST : host;
        port = port == null ? DEFAULT_PORT : port;
        maxBodyBytes = maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
        maxSignalsPerRequest = maxSignalsPerRequest == null ? DEFAULT_MAX_SIGNALS_PER_REQUEST : maxSignalsPerRequest;
        eventLoops = eventLoops == null
                ? Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_EVENT_LOOPS) : eventLoops;
        check(!host.isBlank(), "server.host", "must not be blank");
        check(port >= 0 && port <= 65535, "server.port", "must be between 0 and 65535, but was " + port);
        check(maxBodyBytes >= 1024, "server.maxBodyBytes", "must be >= 1024, but was " + maxBodyBytes);
        check(maxSignalsPerRequest >= 1, "server.maxSignalsPerRequest", "must be >= 1, but was " + maxSignalsPerRequest);
        check(eventLoops >= 1 && eventLoops <= 64, "server.eventLoops", "must be between 1 and 64, but was " + eventLoops);
    }

    /** Plain HTTP, event loops by the machine's cores. */
    public ServerConfig(String host, Integer port, Integer maxBodyBytes, Integer maxSignalsPerRequest) {
        this(host, port, maxBodyBytes, maxSignalsPerRequest, null, null);
    }

    public static ServerConfig ofDefaults() {
        return new ServerConfig(null, null, null, null, null, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, maxSignalsPerRequest, tls, eventLoops);
    }

    /**
     * Whether {@code host} is a loopback address ({@code localhost}, 127.0.0.0/8, ::1), judged from the text
     * alone: a name other than localhost counts as reachable from elsewhere.
     */
    public boolean onLoopback() {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!LITERAL_ADDRESS.matcher(bare).matches()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no name lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
