package io.healingengine.config;

/**
 * How the engine meets the tools a fleet already runs. Each part is off until configured.
 *
 * @param alertmanager how Prometheus Alertmanager webhooks ({@code POST /api/v1/alertmanager}) are read
 * @param prometheus   PromQL queries the engine evaluates itself against a Prometheus HTTP API
 */
public record IntegrationsConfig(AlertmanagerConfig alertmanager, PrometheusConfig prometheus) {
    public IntegrationsConfig {
        alertmanager = alertmanager == null ? AlertmanagerConfig.ofDefaults() : alertmanager;
    }

    public static IntegrationsConfig ofDefaults() {
        return new IntegrationsConfig(null, null);
    }
}
