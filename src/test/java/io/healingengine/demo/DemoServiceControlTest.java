package io.healingengine.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts, kills and restarts real demo service processes through the real control command. */
class DemoServiceControlTest {
    private static final long COMMAND_TIMEOUT_SECONDS = 60;
    private static final String NAME = "demo-svc";

    @TempDir
    Path stateDir;

    private final Path javaBin = Path.of(ProcessHandle.current().info().command().orElseThrow());
    private final String classpath = System.getProperty("java.class.path");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int commands;

    private record CommandResult(int exitCode, String output) {
    }

    @AfterEach
    void killServices() {
        services().forEach(ProcessHandle::destroyForcibly);
        StateFiles.readLong(DemoServiceControl.pidFile(stateDir, NAME))
                .ifPresent(pid -> ProcessHandle.of(pid).filter(handle -> ServiceProcesses.looksLike(handle, NAME))
                        .ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void shouldReplaceProcessWhenRestarted() throws Exception {
        // given
        assertThat(control("start").exitCode()).isZero();
        long oldPid = pidInPidfile();

        // when
        CommandResult restart = control("restart");

        // then
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        Matcher line = restartedLine(restart.output());
        long newPid = Long.parseLong(line.group(1));
        assertThat(newPid).isNotEqualTo(oldPid).isEqualTo(pidInPidfile());
        assertThat(get(Integer.parseInt(line.group(2)), "/"))
                .contains("\"service\":\"" + NAME + "\"", "\"pid\":" + newPid);
        assertThat(ServiceProcesses.isRunning(oldPid)).as("old pid %d running", oldPid).isFalse();
        assertThat(services().map(ProcessHandle::pid)).containsExactly(newPid);
    }

    @Test
    void shouldBringServiceBackWhenRestartedAfterKill9() throws Exception {
        // given
        assertThat(control("start").exitCode()).isZero();
        long killedPid = pidInPidfile();
        ProcessHandle.of(killedPid).orElseThrow().destroyForcibly(); // SIGKILL, as kill -9
        await().atMost(Duration.ofSeconds(10)).until(() -> !ServiceProcesses.isRunning(killedPid));

        // when
        CommandResult restart = control("restart");

        // then
        assertThat(restart.exitCode()).as(restart.output()).isZero();
        Matcher line = restartedLine(restart.output());
        long newPid = Long.parseLong(line.group(1));
        assertThat(newPid).isNotEqualTo(killedPid);
        assertThat(get(Integer.parseInt(line.group(2)), "/")).contains("\"pid\":" + newPid);
        assertThat(services().map(ProcessHandle::pid)).containsExactly(newPid);
    }

    @Test
    void shouldFailWithLogTailWhenServiceExitsBeforeReady() {
        // given: a service argv the service itself rejects
        List<String> argv = List.of("restart", "--name", NAME,
                "--pidfile", DemoServiceControl.pidFile(stateDir, NAME).toString(),
                "--portfile", DemoServiceControl.portFile(stateDir, NAME).toString(),
                "--log", DemoServiceControl.logFile(stateDir, NAME).toString(),
                "--", javaBin.toString(), "-cp", classpath, DemoService.class.getName(),
                "--name", NAME, "--bogus", "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // when
        int exitCode = DemoServiceControl.run(argv.toArray(String[]::new), Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        // then
        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("exited with code 2 before becoming ready")
                .contains("unknown flag --bogus");
    }

    /** Runs DemoServiceControl as a real child process, as the engine does. */
    private CommandResult control(String command) throws IOException, InterruptedException {
        List<String> argv = DemoServiceControl.controlArgv(command, javaBin, classpath, NAME, stateDir, null, 1000);
        Path output = stateDir.resolve(command + "-" + (++commands) + ".out");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            assertThat(process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new CommandResult(process.exitValue(), Files.readString(output));
    }

    private Matcher restartedLine(String output) {
        Matcher matcher = Pattern.compile("restarted " + NAME + " pid=(\\d+) port=(\\d+) in \\d+ms").matcher(output);
        assertThat(matcher.find()).as("restart output: %s", output).isTrue();
        return matcher;
    }

    private long pidInPidfile() {
        return StateFiles.readLong(DemoServiceControl.pidFile(stateDir, NAME)).orElseThrow();
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Running demo services of this test, found by their unique pidfile path in the argv. */
    private Stream<ProcessHandle> services() {
        String pidfile = DemoServiceControl.pidFile(stateDir, NAME).toString();
        return ProcessHandle.allProcesses()
                .filter(ServiceProcesses::isRunning)
                .filter(handle -> ServiceProcesses.argv(handle)
                        .filter(args -> args.contains(pidfile) && args.contains(DemoService.class.getName())
                                && !args.contains(DemoServiceControl.class.getName()))
                        .isPresent());
    }
}
