package io.healingengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrometheusConfigTest {

    @Test
    void shouldReadQueriesWithALabelOrAFixedServiceAndDefaultTheTimeoutToTheInterval() {
        // given
        String yaml = """
                integrations:
                  prometheus:
                    url: http://127.0.0.1:9090/
                    intervalSeconds: 5
                    queries:
                      - name: latency-p99
                        query: 'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[1m]))) * 1000'
                        serviceLabel: job
                        metric: latency_p99
                      - {name: queue, query: 'scalar(max(queue_depth))', service: orders, metric: queue_depth}
                """;

        // when
        PrometheusConfig prometheus = ConfigLoader.parse(yaml).integrations().prometheus();

        // then
        assertThat(prometheus.queryUrl()).isEqualTo("http://127.0.0.1:9090/api/v1/query");
        assertThat(prometheus.timeoutSeconds()).isEqualTo(5);
        assertThat(prometheus.queries()).extracting(PrometheusQueryConfig::name).containsExactly("latency-p99", "queue");
        assertThat(prometheus.queries().get(0).serviceLabel()).isEqualTo("job");
        assertThat(prometheus.queries().get(1).service()).isEqualTo("orders");
    }

    @Test
    void shouldCapTheDefaultTimeoutAtTenSecondsAndPullNothingWithoutQueries() {
        // when
        PrometheusConfig prometheus = ConfigLoader.parse("integrations: {prometheus: {url: 'http://prom:9090'}}")
                .integrations().prometheus();

        // then
        assertThat(prometheus.intervalSeconds()).isEqualTo(15);
        assertThat(prometheus.timeoutSeconds()).isEqualTo(10);
        assertThat(prometheus.queries()).isEmpty();
    }

    @Test
    void shouldAcceptTheExampleOfConfigurationMd() throws java.io.IOException {
        // given: the yaml blocks of docs/configuration.md that configure the pull (not those of the other integrations)
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs", "configuration.md"));
        java.util.List<String> examples = java.util.regex.Pattern.compile("```yaml\\n(integrations:.*?)```",
                java.util.regex.Pattern.DOTALL).matcher(doc).results().map(m -> m.group(1))
                .filter(yaml -> yaml.contains("prometheus:")).toList();

        // then
        assertThat(examples).isNotEmpty();
        examples.forEach(yaml -> assertThat(ConfigLoader.parse(yaml).integrations().prometheus().queries()).isNotEmpty());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{queries: [{name: a, query: up, serviceLabel: job, metric: up}]}                         | integrations.prometheus.url | is required when queries",
        "{url: 'ftp://x', queries: []}                                                             | integrations.prometheus.url | must be an http or https URL",
        "{url: 'http://ana:secret@p:9090'}                                                         | integrations.prometheus.url | must not carry credentials",
        "{url: 'http://p', intervalSeconds: 0}                                                     | integrations.prometheus.intervalSeconds | must be >= 1",
        "{url: 'http://p', timeoutSeconds: 0}                                                      | integrations.prometheus.timeoutSeconds | between 1 and 300",
        "{url: 'http://p', queries: [{query: up, serviceLabel: job, metric: up}]}                  | integrations.prometheus.queries[0].name | is required",
        "{url: 'http://p', queries: [{name: 'a b', query: up, serviceLabel: job, metric: up}]}     | integrations.prometheus.queries[0].name | must match",
        "{url: 'http://p', queries: [{name: a, query: ' ', serviceLabel: job, metric: up}]}        | integrations.prometheus.queries[0].query | must be a PromQL expression",
        "{url: 'http://p', queries: [{name: a, query: up, serviceLabel: job}]}                     | integrations.prometheus.queries[0].metric | is required",
        "{url: 'http://p', queries: [{name: a, query: up, serviceLabel: job, metric: 'p 99'}]}     | integrations.prometheus.queries[0].metric | must match",
        "{url: 'http://p', queries: [{name: a, query: up, metric: up}]}                            | integrations.prometheus.queries[0] | must say which service",
        "{url: 'http://p', queries: [{name: a, query: up, serviceLabel: job, service: x, metric: up}]} | integrations.prometheus.queries[0] | names both serviceLabel and service",
        "{url: 'http://p', queries: [{name: a, query: up, serviceLabel: 'job-name', metric: up}]}  | integrations.prometheus.queries[0].serviceLabel | must be a Prometheus label name",
        "{url: 'http://p', queries: [{name: a, query: up, service: 'a b', metric: up}]}            | integrations.prometheus.queries[0].service | must match",
        "{url: 'http://p', queries: [{name: a, query: up, service: x, metric: up}, {name: a, query: up, service: y, metric: up}]} | integrations.prometheus.queries[1].name | repeats the name 'a'",
        "{url: 'http://p', queries: [{name: a, query: up, service: x, metric: up, job: y}]}        | integrations.prometheus.queries[0].job | is not a known setting",
    })
    void shouldRefuseABadPrometheusSectionNamingTheKey(String section, String key, String problem) {
        assertThatThrownBy(() -> ConfigLoader.parse("integrations: {prometheus: " + section + "}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem);
    }
}
