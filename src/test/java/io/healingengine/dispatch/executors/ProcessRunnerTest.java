package io.healingengine.dispatch.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.config.RestartConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {
    @TempDir
    Path temp;

    @Test
    void shouldKeepTheExitCodeAndOutputOfTheCommand() {
        ProcessRunner.Outcome outcome = ProcessRunner.run(new RestartConfig(List.of("ls", "/nonexistent-dir"),
                null, Map.of(), 5_000));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.output()).contains("No such file or directory");
    }

    @Test
    void shouldPassArgumentsVerbatimWithoutAShell() throws Exception {
        // given: an argument full of shell syntax; run without a shell it is just a file name
        Path target = temp.resolve("$(touch pwned); rm -rf x");

        // when
        ProcessRunner.Outcome outcome = ProcessRunner.run(new RestartConfig(List.of("touch", target.toString()),
                temp.toString(), Map.of(), 5_000));

        // then
        assertThat(outcome.succeeded()).isTrue();
        assertThat(target).exists();
        assertThat(temp.resolve("pwned")).doesNotExist();
    }

    @Test
    void shouldKillACommandThatOutlivesItsTimeout() {
        ProcessRunner.Outcome outcome = ProcessRunner.run(new RestartConfig(List.of("sleep", "30"), null, Map.of(), 300));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.durationMs()).isLessThan(10_000);
    }

    @Test
    void shouldNotWaitForADaemonTheCommandLeavesRunning() throws Exception {
        // given: a command that starts a long-lived process holding its output, then exits at once
        Path pid = temp.resolve("daemon.pid");
        RestartConfig restart = new RestartConfig(List.of("setsid", "-f", "sh", "-c", "echo $$ > " + pid + "; exec sleep 30"),
                null, Map.of(), 10_000);

        // when
        ProcessRunner.Outcome outcome = ProcessRunner.run(restart);

        // then: the runner returns with the command's exit code, not after the daemon's 30 s
        try {
            assertThat(outcome.succeeded()).isTrue();
            assertThat(outcome.durationMs()).isLessThan(5_000);
        } finally {
            org.awaitility.Awaitility.await().until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void shouldReportACommandThatCannotStart() {
        ProcessRunner.Outcome outcome = ProcessRunner.run(new RestartConfig(List.of("/nonexistent/restart-tool"),
                null, Map.of(), 1_000));

        assertThat(outcome.startError()).contains("/nonexistent/restart-tool");
        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void shouldPassTheConfiguredEnvironment() {
        ProcessRunner.Outcome outcome = ProcessRunner.run(new RestartConfig(List.of("printenv", "HEALING_UNIT"), null,
                Map.of("HEALING_UNIT", "checkout.service"), 5_000));

        assertThat(outcome.output()).isEqualTo("checkout.service");
    }
}
