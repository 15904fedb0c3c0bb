package io.healingengine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.healingengine.domain.ActionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operations sections of the configuration: actions, selfWatch and database. */
class OperationsConfigTest {
    @TempDir
    Path temp;

    @Test
    void shouldReadActionTimeoutsSelfWatchAndAPostgresDatabase() {
        // given
        String yaml = """
                actions:
                  timeoutMs: {scale-up: 60000, alert-oncall: 3000}
                  replyMarginMs: 500
                  disabled: [rollback]
                selfWatch:
                  intervalMs: 1000
                  maxSessionFacts: 100000
                  blockedThreadCheckIntervalMs: 500
                  maxEventLoopExecuteTimeMs: 1000
                  maxWorkerExecuteTimeMs: 120000
                database:
                  url: jdbc:postgresql://db.internal:5432/healing
                  user: healing
                  passwordEnv: HEALING_DB_PASSWORD
                """;

        // when
        EngineConfig config = ConfigLoader.parse(yaml);

        // then
        assertThat(config.actions().webhookTimeoutMs("scale-up", 5_000)).isEqualTo(60_000);
        assertThat(config.actions().webhookTimeoutMs("fallback", 5_000)).isEqualTo(5_000);
        assertThat(config.actions().replyMarginMs()).isEqualTo(500);
        assertThat(config.actions().runs(ActionKind.ROLLBACK)).isFalse();
        assertThat(config.actions().runs(ActionKind.RESTART)).isTrue();
        assertThat(config.selfWatch()).isEqualTo(new SelfWatchConfig(1_000L, 100_000L, 500L, 1_000L, 120_000L));
        assertThat(config.database().external()).isTrue();
        assertThat(config.database().password(Map.of("HEALING_DB_PASSWORD", "s3cret")::get)).isEqualTo("s3cret");
    }

    @Test
    void shouldAcceptTheExamplesOfConfigurationMd() throws Exception {
        // given: the yaml blocks of docs/configuration.md for actions and database
        String doc = Files.readString(Path.of("docs", "configuration.md"));
        List<String> examples = Pattern.compile("```yaml\\n((?:actions|database):.*?)```", Pattern.DOTALL)
                .matcher(doc).results().map(m -> m.group(1)).toList();

        // then
        assertThat(examples).hasSize(2);
        EngineConfig actions = ConfigLoader.parse(examples.get(0));
        assertThat(actions.actions().webhookTimeoutMs("rollback", 5_000)).isEqualTo(120_000);
        EngineConfig database = ConfigLoader.parse(examples.get(1));
        assertThat(database.database().url()).isEqualTo("jdbc:postgresql://db.internal:5432/healing");
    }

    @Test
    void shouldUseTheEmbeddedDatabaseAndDefaultWatchWhenTheSectionsAreAbsent() {
        EngineConfig config = ConfigLoader.parse("server: {port: 9090}");

        assertThat(config.database().external()).isFalse();
        assertThat(config.selfWatch()).isEqualTo(SelfWatchConfig.ofDefaults());
        assertThat(config.actions().replyMarginMs()).isEqualTo(ActionsConfig.DEFAULT_REPLY_MARGIN_MS);
    }

    @Test
    void shouldReadThePasswordFileWithoutItsTrailingNewline() throws Exception {
        Path secret = Files.writeString(temp.resolve("db-password"), "pa ss\n");
        DatabaseConfig database = new DatabaseConfig("jdbc:postgresql://db/healing", "healing", secret.toString(), null);

        assertThat(database.password(name -> null)).isEqualTo("pa ss");
    }

    @Test
    void shouldFailNamingTheKeyWhenThePasswordCannotBeFound() {
        DatabaseConfig fromFile = new DatabaseConfig("jdbc:postgresql://db/healing", "healing",
                temp.resolve("missing").toString(), null);
        DatabaseConfig fromEnv = new DatabaseConfig("jdbc:postgresql://db/healing", "healing", null, "NOT_SET_HERE");

        assertThatThrownBy(() -> fromFile.password(name -> null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'database.passwordFile' cannot be read");
        assertThatThrownBy(() -> fromEnv.password(name -> null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'database.passwordEnv' names the environment variable NOT_SET_HERE, which is not set");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "actions: {timeoutMs: {restart: 1000}}                                   | actions.timeoutMs.restart",
        "actions: {timeoutMs: {scale-up: 0}}                                     | actions.timeoutMs.scale-up",
        "actions: {replyMarginMs: -1}                                            | actions.replyMarginMs",
        "actions: {disabled: [noop]}                                             | actions.disabled[0]",
        "actions: {disabled: [restart, reboot]}                                  | actions.disabled[1]",
        "selfWatch: {intervalMs: 50}                                             | selfWatch.intervalMs",
        "selfWatch: {maxSessionFacts: 0}                                         | selfWatch.maxSessionFacts",
        "selfWatch: {blockedThreadCheckIntervalMs: 1}                            | selfWatch.blockedThreadCheckIntervalMs",
        "database: {url: 'postgresql://db/healing'}                              | database.url",
        "database: {url: 'jdbc:h2:file:/tmp/x'}                                  | database.url",
        "database: {user: healing}                                               | database",
        "database: {url: 'jdbc:postgresql://db/h', passwordFile: f, passwordEnv: E} | database.passwordFile",
    })
    void shouldFailNamingTheKeyWhenAValueIsBad(String yaml, String key) {
        assertThatThrownBy(() -> ConfigLoader.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
