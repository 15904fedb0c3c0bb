package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command runs the engine through {@code bin/healing-engine}: the jar the build made, with
 * the collector and the class-data archive the build made beside it. These tests start the launcher as a user
 * does, with {@code -Xshare:on} added, which makes the JVM refuse to start unless it can map the archive —
 * so a build whose archive does not fit its jar, or a launcher that passes it wrongly, fails here instead of
 * silently starting the slow way.
 */
class LauncherIT {
    private static final Pattern LISTENING = Pattern.compile("engine_listening host=\\S+ port=(\\d+)");
    private static final Path LAUNCHER = Path.of("bin", "healing-engine");
    /** What {@code serve} prints once the engine listens and its JVM settings are made. */
    private static final String SERVE_UP = "healing-engine listening on";
    private static final Pattern HEAP_GOAL = Pattern.compile("event=heap_goal soft_max_mib=(\\d+) \\S+ set_by=(\\w+)");

    @Test
    void shouldServeSignalsFromTheBuiltJarWithItsClassDataArchiveWhenStartedThroughTheLauncher(@TempDir Path dir)
            throws Exception {
        // given the jar and the archive of this build
        Path jar = Path.of(System.getProperty("healing.test.engineJar"));
        assertThat(jar.resolveSibling("healing-engine.jsa")).as("the archive mvn package makes").isRegularFile();

        // when the launcher starts the engine, told to refuse to start without the archive
        launchAndSignal(dir, "-Xshare:on", (engine, text) -> {
            // then it answers signals as the engine does, with the launcher's collector, whose heap goal the
            // engine set (a quarter of the maximum heap, at least 1 GiB) in the running JVM
            assertThat(text).contains("Using The Z Garbage Collector");
            Matcher goal = HEAP_GOAL.matcher(text);
            assertThat(goal.find()).as("the heap goal line in:%n%s", text).isTrue();
            assertThat(goal.group(2)).isEqualTo("engine");
            assertThat(softMaxHeapBytes(engine)).isEqualTo(Long.parseLong(goal.group(1)) << 20)
                    .isGreaterThanOrEqualTo(Math.min(1L << 30, maxHeapBytes(engine)));
        });
    }

    @Test
    void shouldUseTheCollectorNamedInJavaOptsInsteadOfItsOwn(@TempDir Path dir) throws Exception {
        // given an operator who wants G1 back (the JVM refuses to start with two collectors)
        // when the launcher starts the engine with -XX:+UseG1GC in JAVA_OPTS
        launchAndSignal(dir, "-XX:+UseG1GC", (engine, text) ->
                // then the engine runs, on G1
                assertThat(text).contains("Using G1").doesNotContain("Z Garbage Collector")
                        .doesNotContain("event=heap_goal"));
    }

    @Test
    void shouldKeepTheHeapGoalNamedInJavaOpts(@TempDir Path dir) throws Exception {
        // given an operator who sets ZGC's heap goal himself
        // when the launcher starts the engine with -XX:SoftMaxHeapSize in JAVA_OPTS
        launchAndSignal(dir, "-XX:SoftMaxHeapSize=200m", (engine, text) -> {
            // then the engine keeps it, and says so
            assertThat(text).contains("event=heap_goal soft_max_mib=200 ").contains("set_by=operator");
            assertThat(softMaxHeapBytes(engine)).isEqualTo(200L << 20);
        });
    }

    @Test
    void shouldSayHowToBuildTheJarWhenTheLauncherFindsNone(@TempDir Path dir) throws Exception {
        // given no jar where the launcher is told to look
        Path missing = dir.resolve("healing-engine.jar");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        builder.environment().put("HEALING_ENGINE_JAR", missing.toString());

        // when it is run
        Process launcher = builder.start();
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // then it stops with exit code 2 and the build command
        assertThat(launcher.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("out.txt"))).contains(missing + " not found")
                .contains("mvn -B -q package -DskipTests");
    }

    /** What a test checks on an engine the launcher started: the process, and its output so far. */
    @FunctionalInterface
    private interface Served {
        void check(Process engine, String log) throws Exception;
    }

    /**
     * Starts the engine through the launcher with {@code javaOpts}; once it listens, one signal must be answered
     * 202 and {@code serve} must have said it is up (after setting the heap goal); then {@code then} checks it.
     */
    private static void launchAndSignal(Path dir, String javaOpts, Served then) throws Exception {
        Path log = dir.resolve("engine.log");
        Process engine = launch(dir, log, javaOpts);
        try {
            int port = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> listeningPort(engine, log), p -> p > 0);
            assertThat(postSignal(port).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains(SERVE_UP));
            then.check(engine, Files.readString(log));
        } finally {
            stop(engine);
        }
    }

    /** Starts the launcher as a user does, with the collector's start-up line logged beside the engine's. */
    private static Process launch(Path dir, Path log, String javaOpts) throws IOException {
        Path jar = Path.of(System.getProperty("healing.test.engineJar"));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "serve", "--port", "0", "--data-dir",
                dir.resolve("data").toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HEALING_ENGINE_JAR", jar.toAbsolutePath().toString());
        builder.environment().put("JAVA_OPTS", javaOpts + " -Xlog:gc:stdout");
        return builder.start();
    }

    private static long softMaxHeapBytes(Process engine) throws IOException, InterruptedException {
        return flag(engine, "SoftMaxHeapSize");
    }

    private static long maxHeapBytes(Process engine) throws IOException, InterruptedException {
        return flag(engine, "MaxHeapSize");
    }

    /** A size flag of the running engine's JVM, as {@code jcmd <pid> VM.flags -all} prints it. */
    private static long flag(Process engine, String name) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(engine.pid()), "VM.flags", "-all")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Matcher m = Pattern.compile("size_t " + name + "\\s+=\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as("%s in:%n%s", name, out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static HttpResponse<String> postSignal(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/signals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"checkout\",\"metric\":\"latency_p99\",\"value\":120}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void stop(Process engine) throws InterruptedException {
        engine.destroy();
        if (!engine.waitFor(30, TimeUnit.SECONDS)) {
            engine.destroyForcibly();
        }
    }

    /** The port from the engine's listening line; fails at once if the JVM ended (e.g. refused the archive). */
    private static int listeningPort(Process engine, Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        if (!engine.isAlive()) {
            throw new AssertionError("the engine ended with exit code " + engine.exitValue() + ":\n" + text);
        }
        Matcher matcher = LISTENING.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
