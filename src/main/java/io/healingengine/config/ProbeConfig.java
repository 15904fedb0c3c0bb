package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.net.URI;
import java.util.List;

/**
 * One active probe of a supervised service: exactly one of {@code http}, {@code tcp} or {@code argv}. A probe
 * tests liveness only — whether the process answers at all; the service's own metrics say how productive it is.
 *
 * @param http             URL to GET (http only); passes on {@code expectStatus} and, if set, a body
 *                         containing {@code bodyContains}
 * @param expectStatus     the status a passing GET answers (default 200)
 * @param bodyContains     text the body must contain to pass (default: any body)
 * @param tcp              {@code host:port} that must accept a connection
 * @param argv             a program run without a shell; exit code 0 passes
 * @param intervalMs       time between two probes, in ms (default 1000, at least 100)
 * @param timeoutMs        a probe not answered within this fails, in ms (default 1000, at least 10)
 * @param failureThreshold failures in a row that make the service down (default 3)
 */
public record ProbeConfig(String http, Integer expectStatus, String bodyContains, String tcp, List<String> argv,
                          Long intervalMs, Long timeoutMs, Integer failureThreshold) {
    public static final long DEFAULT_INTERVAL_MS = 1_000;
    public static final long DEFAULT_TIMEOUT_MS = 1_000;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final long MIN_INTERVAL_MS = 100;
    public static final long MIN_TIMEOUT_MS = 10;

    public ProbeConfig {
        expectStatus = expectStatus == null ? 200 : expectStatus;
        argv = argv == null ? List.of() : List.copyOf(argv);
        intervalMs = intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs;
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        failureThreshold = failureThreshold == null ? DEFAULT_FAILURE_THRESHOLD : failureThreshold;
    }

    /** An HTTP GET probe. */
    public static ProbeConfig http(String url, long intervalMs, long timeoutMs, int failureThreshold) {
        return new ProbeConfig(url, null, null, null, null, intervalMs, timeoutMs, failureThreshold);
    }

    /** What the probe tests, for logs and fact details: "GET http://…", "tcp host:port" or "argv prog". */
    public String describe() {
        return http != null ? "GET " + http : tcp != null ? "tcp " + tcp : "argv " + argv.get(0);
    }

    void validate(String key) {
        validate(key, MIN_INTERVAL_MS);
    }

    /** @param minIntervalMs the shortest interval allowed (startup probes may poll faster than liveness probes) */
    void validate(String key, long minIntervalMs) {
        int kinds = (http != null ? 1 : 0) + (tcp != null ? 1 : 0) + (argv.isEmpty() ? 0 : 1);
        check(kinds == 1, key, "must set exactly one of http, tcp or argv, but set " + kinds);
        if (http != null) {
            URI uri = parse(http, key + ".http");
            check("http".equals(uri.getScheme()) && uri.getHost() != null, key + ".http",
                    "must be an http:// URL with a host, but was '" + http + "'");
        }
        if (tcp != null) {
            int colon = tcp.lastIndexOf(':');
            check(colon > 0 && tcp.substring(colon + 1).matches("\\d{1,5}")
                            && Integer.parseInt(tcp.substring(colon + 1)) <= 65_535, key + ".tcp",
                    "must be host:port, but was '" + tcp + "'");
        }
        for (int i = 0; i < argv.size(); i++) {
            check(argv.get(i) != null && !argv.get(i).isEmpty(), key + ".argv[" + i + "]", "must not be empty");
        }
        check(expectStatus >= 100 && expectStatus <= 599, key + ".expectStatus",
                "must be an HTTP status 100–599, but was " + expectStatus);
        check(intervalMs >= minIntervalMs, key + ".intervalMs", "must be >= " + minIntervalMs + ", but was " + intervalMs);
        check(timeoutMs >= MIN_TIMEOUT_MS, key + ".timeoutMs", "must be >= " + MIN_TIMEOUT_MS + ", but was " + timeoutMs);
        check(failureThreshold >= 1, key + ".failureThreshold", "must be >= 1, but was " + failureThreshold);
    }

    private static URI parse(String url, String key) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "is not a URL: " + e.getMessage());
        }
    }
}
