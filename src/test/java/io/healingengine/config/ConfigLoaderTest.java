package io.healingengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @Test
    void shouldRunOnEmbeddedDefaultsWhenTheFileIsEmpty() {
        // when
        EngineConfig config = ConfigLoader.parse("");

        // then: 127.0.0.1:8080, data in ./data, any service accepted
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo("data");
        assertThat(config.inventory().autoRegister()).isTrue();
        assertThat(config.engine().missedHeartbeats()).isEqualTo(3);
    }

    @Test
    void shouldReadAnInventoryWithRestartArgvAndWebhooks() {
        // given
        String yaml = """
                server: {port: 9090}
                inventory:
                  autoRegister: false
                  services:
                    - id: checkout
                      tier: critical
                      heartbeatIntervalMs: 1000
                      restart:
                        argv: [systemctl, restart, checkout.service]
                        timeoutMs: 20000
                      webhooks:
                        scale-up: http://127.0.0.1:9999/scale
                oncall: {url: "https://pager.example.com/hook"}
                """;

        // when
        EngineConfig config = ConfigLoader.parse(yaml);

        // then
        ServiceConfig checkout = config.inventory().find("checkout").orElseThrow();
        assertThat(checkout.restart().argv()).containsExactly("systemctl", "restart", "checkout.service");
        assertThat(checkout.restart().timeoutMs()).isEqualTo(20_000);
        assertThat(checkout.webhooks()).containsEntry("scale-up", "http://127.0.0.1:9999/scale");
        assertThat(config.inventory().autoRegister()).isFalse();
        assertThat(config.server().port()).isEqualTo(9090);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "server: {port: 70000}                                                   | server.port",
        "server: {prot: 8080}                                                    | server.prot",
        "server: {port: eighty}                                                  | server.port",
        "server: {eventLoops: 0}                                                 | server.eventLoops",
        "engine: {tickMs: 0}                                                     | engine.tickMs",
        "engine: {missedHeartbeats: 0}                                           | engine.missedHeartbeats",
        "oncall: {url: 'ftp://pager'}                                            | oncall.url",
        "inventory: {services: [{tier: gold}]}                                   | inventory.services[0].id",
        "inventory: {services: [{id: 'bad id!'}]}                                | inventory.services[0].id",
        "inventory: {services: [{id: a}, {id: a}]}                               | inventory.services[1].id",
        "inventory: {services: [{id: a, restart: {argv: []}}]}                   | inventory.services[0].restart.argv",
        "inventory: {services: [{id: a, restart: {argv: [x], timeoutMs: 0}}]}    | inventory.services[0].restart.timeoutMs",
        "inventory: {services: [{id: a, webhooks: {restart: 'http://x'}}]}       | inventory.services[0].webhooks.restart",
        "inventory: {services: [{id: a, webhooks: {scale-up: 'not a url'}}]}     | inventory.services[0].webhooks.scale-up",
        "inventory: {services: [{id: a, heartbeatIntervalMs: -5}]}               | inventory.services[0].heartbeatIntervalMs",
        "inventory: {services: [{id: a, supervise: {argv: [x], pidfile: /run/a.pid}}]}                 | inventory.services[0].supervise",
        "inventory: {services: [{id: a, supervise: {}}]}                                              | inventory.services[0].supervise",
        "inventory: {services: [{id: a, supervise: {argv: [x]}, restart: {argv: [y]}}]}               | inventory.services[0].restart",
        "inventory: {services: [{id: a, supervise: {argv: [x], probe: {http: 'http://h/', intervalMs: 50}}}]} | inventory.services[0].supervise.probe.intervalMs",
        "inventory: {services: [{id: a, supervise: {argv: [x], probe: {intervalMs: 500}}}]}           | inventory.services[0].supervise.probe",
        "inventory: {services: [{id: a, supervise: {argv: [x], probe: {tcp: 'nohost'}}}]}             | inventory.services[0].supervise.probe.tcp",
        "inventory: {services: [{id: a, supervise: {argv: [x], probe: {http: 'ftp://h/'}}}]}          | inventory.services[0].supervise.probe.http",
        "inventory: {services: [{id: a, supervise: {argv: [x], backoffMs: 10, backoffMaxMs: 5}}]}     | inventory.services[0].supervise.backoffMaxMs",
        "inventory: {services: [{id: a, supervise: {argv: [x], startupProbe: {tcp: 'h:1', intervalMs: 5}}}]} | inventory.services[0].supervise.startupProbe.intervalMs",
    })
    void shouldFailNamingTheKeyWhenAValueIsBad(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "inventory: {services: [{id: a, restart: {argv: 'systemctl restart a'}}]} | inventory.services[0].restart.argv | must be a list",
        "engine: {tickMs: 1.5}                                                    | engine.tickMs                       | must be a whole number",
        "engine: {dryRun: maybe}                                                  | engine.dryRun                       | must be true or false",
    })
    void shouldSayInPlainWordsWhatTypeAKeyNeeds(String yaml, String key, String expected) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(expected)
                .hasMessageNotContaining("java.")
                .hasMessageNotContaining("Coercion");
    }

    @Test
    void shouldFailNamingTheFileWhenItDoesNotExist() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/engine.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("/nonexistent/engine.yaml");
    }

    @Test
    void shouldFailWithTheLineWhenTheYamlIsBroken() {
        assertThatThrownBy(() -> ConfigLoader.parse("dataDir: data\nserver: 'unterminated\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line");
    }

    @Test
    void shouldKeepTheArgvAsDataWithoutInterpretingShellCharacters() {
        EngineConfig config = ConfigLoader.parse("inventory: {services: [{id: a, restart: {argv: ['/opt/restart', '$(id); rm -rf /']}}]}");
        assertThat(config.inventory().find("a").orElseThrow().restart().argv())
                .isEqualTo(List.of("/opt/restart", "$(id); rm -rf /"));
    }
}
