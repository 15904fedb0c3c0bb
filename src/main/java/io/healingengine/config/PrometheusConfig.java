package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * Pulling signals: the engine evaluates PromQL queries against a Prometheus HTTP API itself.
 *
 * @param url             base URL of the Prometheus server, e.g. http://127.0.0.1:9090
 * @param intervalSeconds how often every query is evaluated (default 15)
 */
public record PrometheusConfig(String url, Integer intervalSeconds) {
    public static final int DEFAULT_INTERVAL_SECONDS = 15;

    public PrometheusConfig {
        intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        if (url != null) {
            WebhookUrls.check(url, "integrations.prometheus.url");
        }
        check(intervalSeconds >= 1, "integrations.prometheus.intervalSeconds", "must be >= 1, but was " + intervalSeconds);
    }
}
