package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * Reading Alertmanager's webhook (version 4).
 *
 * @param serviceLabel  the alert label that names the service (default "service"; "job" or "app" are
 *                      common too)
 * @param severityLabel the alert label that carries its severity (default "severity")
 */
public record AlertmanagerConfig(String serviceLabel, String severityLabel) {
    public static final String DEFAULT_SERVICE_LABEL = "service";
    public static final String DEFAULT_SEVERITY_LABEL = "severity";

    public AlertmanagerConfig {
        serviceLabel = serviceLabel == null ? DEFAULT_SERVICE_LABEL : serviceLabel;
        severityLabel = severityLabel == null ? DEFAULT_SEVERITY_LABEL : severityLabel;
        check(serviceLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "integrations.alertmanager.serviceLabel",
                "must be a Prometheus label name, but was '" + serviceLabel + "'");
        check(severityLabel.matches("[a-zA-Z_][a-zA-Z0-9_]*"), "integrations.alertmanager.severityLabel",
                "must be a Prometheus label name, but was '" + severityLabel + "'");
    }

    public static AlertmanagerConfig ofDefaults() {
        return new AlertmanagerConfig(null, null);
    }
}
