package io.healingengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @TempDir
    Path temp;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    @Test
    void shouldRefuseToStartAndNameTheKeyWhenTheConfigurationIsBad() throws Exception {
        // given
        Path config = Files.writeString(temp.resolve("engine.yaml"), "server:\n  port: 99999\n");

        // when
        int exit = new CommandLine(new Main()).execute("serve", "--config", config.toString(), "--data-dir",
                temp.resolve("data").toString());

        // then
        assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'server.port'").contains("99999");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingIt() throws Exception {
        Path config = Files.writeString(temp.resolve("engine.yaml"), "inventory:\n  autoregister: false\n");

        int exit = new CommandLine(new Main()).execute("serve", "--config", config.toString());

        assertThat(exit).isEqualTo(Main.EXIT_CONFIG);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'inventory.autoregister'").contains("autoRegister");
    }
}
