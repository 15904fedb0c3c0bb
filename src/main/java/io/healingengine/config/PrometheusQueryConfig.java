package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.regex.Pattern;

/**
 * One PromQL query whose result becomes signals: every sample of an instant vector (or the one value of
 * a scalar) is one signal {@code {service, metric, value}}, as if POSTed to {@code /api/v1/signals}.
 *
 * @param name         a short stable name for logs and metrics, e.g. "latency-p99"
 * @param query        the PromQL expression, e.g. {@code histogram_quantile(0.99, sum by (job, le)
 *                     (rate(http_request_duration_seconds_bucket[1m]))) * 1000}
 * @param serviceLabel the series label whose value is the service id (e.g. "job"); exactly one of
 *                     serviceLabel and service
 * @param service      a fixed service id for every sample (a scalar result needs one)
 * @param metric       the metric name the samples become, e.g. "latency_p99"
 */
public record PrometheusQueryConfig(String name, String query, String serviceLabel, String service, String metric) {
    /** Query names: letters, digits, '.', '_', '-'; 1–64 characters. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Prometheus label names. */
    public static final Pattern LABEL_PATTERN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The metric names signals may carry (as for POST /api/v1/signals). */
    public static final Pattern METRIC_PATTERN = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.]{0,127}");

    void validate(String key) {
        check(name != null, key + ".name", "is required");
        check(NAME_PATTERN.matcher(name).matches(), key + ".name",
                "must match " + NAME_PATTERN.pattern() + ", but was '" + name + "'");
        check(query != null && !query.isBlank(), key + ".query", "must be a PromQL expression");
        check(metric != null, key + ".metric", "is required (the metric name the samples become, e.g. latency_p99)");
        check(METRIC_PATTERN.matcher(metric).matches(), key + ".metric",
                "must match " + METRIC_PATTERN.pattern() + ", but was '" + metric + "'");
        check(serviceLabel == null || service == null, key,
                "names both serviceLabel and service; give one: the label that names the service, or a fixed service");
        check(serviceLabel != null || service != null, key,
                "must say which service the samples belong to: serviceLabel (e.g. job) or service (a fixed id)");
        if (serviceLabel != null) {
            check(LABEL_PATTERN.matcher(serviceLabel).matches(), key + ".serviceLabel",
                    "must be a Prometheus label name, but was '" + serviceLabel + "'");
        } else {
            check(ServiceConfig.ID_PATTERN.matcher(service).matches(), key + ".service",
                    "must match " + ServiceConfig.ID_PATTERN.pattern() + ", but was '" + service + "'");
        }
    }
}
