package io.healingengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code integrations.alertmanager}: which alert labels name the service and the severity. */
class AlertmanagerConfigTest {
    @Test
    void shouldReadServiceAndSeverityLabelsWhenTheyAreConfigured() {
        EngineConfig config = ConfigLoader.parse("integrations:\n  alertmanager:\n    serviceLabel: app\n"
                + "    severityLabel: priority\n");

        assertThat(config.integrations().alertmanager()).isEqualTo(new AlertmanagerConfig("app", "priority"));
    }

    @Test
    void shouldTakeServiceAndSeverityWhenNothingIsConfigured() {
        AlertmanagerConfig defaults = ConfigLoader.parse("").integrations().alertmanager();

        assertThat(defaults.serviceLabel()).isEqualTo("service");
        assertThat(defaults.severityLabel()).isEqualTo("severity");
        assertThat(ConfigLoader.parse("integrations: {alertmanager: {serviceLabel: job}}").integrations()
                .alertmanager().severityLabel()).isEqualTo("severity");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "integrations: {alertmanager: {serviceLabel: 'service name'}}  | integrations.alertmanager.serviceLabel",
        "integrations: {alertmanager: {severityLabel: '1st'}}          | integrations.alertmanager.severityLabel",
        "integrations: {alertmanager: {servicelabel: app}}             | integrations.alertmanager.servicelabel",
    })
    void shouldFailNamingTheKeyWhenALabelIsNoPrometheusLabelName(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
