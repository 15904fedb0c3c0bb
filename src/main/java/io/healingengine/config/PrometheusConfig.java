package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pulling signals: the engine evaluates PromQL queries against a Prometheus HTTP API itself
 * ({@code GET <url>/api/v1/query}) and feeds every sample to the rules as a signal.
 *
 * @param url             base URL of the Prometheus server, e.g. http://127.0.0.1:9090 (required when
 *                        there are queries)
 * @param intervalSeconds how often every query is evaluated (default 15)
 * @param timeoutSeconds  how long one evaluation may take, connection included, before it counts as
 *                        failed (default: the interval, at most 10)
 * @param queries         the queries; none = nothing is pulled
 */
public record PrometheusConfig(String url, Integer intervalSeconds, Integer timeoutSeconds,
                               List<PrometheusQueryConfig> queries) {
    public static final int DEFAULT_INTERVAL_SECONDS = 15;
    public static final int MAX_DEFAULT_TIMEOUT_SECONDS = 10;

    public PrometheusConfig {
        intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        timeoutSeconds = timeoutSeconds == null ? Math.min(intervalSeconds, MAX_DEFAULT_TIMEOUT_SECONDS) : timeoutSeconds;
        queries = queries == null ? List.of() : List.copyOf(queries);
        if (url != null) {
            WebhookUrls.check(url, "integrations.prometheus.url");
            check(java.net.URI.create(url).getRawUserInfo() == null, "integrations.prometheus.url",
                    "must not carry credentials (user:password@): the pull sends none, and the URL is logged");
        }
        check(intervalSeconds >= 1, "integrations.prometheus.intervalSeconds", "must be >= 1, but was " + intervalSeconds);
        check(timeoutSeconds >= 1 && timeoutSeconds <= 300, "integrations.prometheus.timeoutSeconds",
                "must be between 1 and 300, but was " + timeoutSeconds);
        check(url != null || queries.isEmpty(), "integrations.prometheus.url",
                "is required when queries are configured (e.g. http://127.0.0.1:9090)");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < queries.size(); i++) {
            String key = "integrations.prometheus.queries[" + i + "]";
            PrometheusQueryConfig query = queries.get(i);
            check(query != null, key, "must not be empty");
            query.validate(key);
            check(names.add(query.name()), key + ".name", "repeats the name '" + query.name() + "'");
        }
    }

    /** The address of the instant-query endpoint. */
    public String queryUrl() {
        return url.replaceAll("/+$", "") + "/api/v1/query";
    }
}
