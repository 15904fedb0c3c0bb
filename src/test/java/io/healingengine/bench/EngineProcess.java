package io.healingengine.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One JVM of the benchmark — the engine as a user runs it ({@code bin/healing-engine serve})
 * or a baseline server — started as a child process whose output goes to a log file, so that the load
 * comes from another process over loopback.
 */
final class EngineProcess implements AutoCloseable {
    /** The last line of {@code GC.class_histogram}: "Total  <instances>  <bytes>". */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final long spawnedNanos;
    final int port;
    final Path log;

    private EngineProcess(Process process, long spawnedNanos, int port, Path log) {
        this.process = process;
        this.spawnedNanos = spawnedNanos;
        this.port = port;
        this.log = log;
    }

    /**
     * The engine as the README's first command runs it: {@code bin/healing-engine serve} of the checkout
     * {@code repo} (the launcher's JVM settings and class-data archive) on {@code jar}, with this JVM's java,
     * with {@code config} (null: its embedded defaults), on {@code port}, keeping its data in {@code dataDir}.
     */
    static EngineProcess engine(Path repo, Path jar, Path config, int port, Path dataDir, Path log)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(repo.resolve("bin/healing-engine").toString(), "serve"));
        if (config != null) {
            argv.addAll(List.of("--config", config.toString()));
        }
        argv.addAll(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        return start(argv, Map.of("HEALING_ENGINE_JAR", jar.toAbsolutePath().toString(), "JAVA", java()), port, log);
    }

    /** A class of the benchmark's own classpath, e.g. the bare Vert.x baseline server. */
    static EngineProcess javaMain(Class<?> main, int port, Path log, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(args));
        return start(argv, Map.of(), port, log);
    }

    private static EngineProcess start(List<String> argv, Map<String, String> env, int port, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        long spawned = System.nanoTime();
        return new EngineProcess(builder.start(), spawned, port, log);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /**
     * Posts {@code body} to {@code path} every 5 ms until the answer is 202; returns the milliseconds from the
     * spawn of the process to that first 202.
     */
    long millisToFirst202(String path, String body, Duration limit) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        awaitAnswer(limit, Duration.ofMillis(5), () -> {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202 && response.statusCode() != 503) {
                throw new IllegalStateException("the first answer was " + response.statusCode() + ": " + response.body());
            }
            return response.statusCode() == 202;
        });
        return (System.nanoTime() - spawnedNanos) / 1_000_000;
    }

    /** Waits until {@code path} answers 200 to a GET. */
    void awaitUp(String path, Duration limit) {
        awaitAnswer(limit, Duration.ofMillis(20), () -> get(path).statusCode() == 200);
    }

    /**
     * Polls {@code answered} until it holds; a refused connection means "not listening yet", a process that
     * exits ends the wait with its exit code.
     */
    private void awaitAnswer(Duration limit, Duration every, Callable<Boolean> answered) {
        try {
            Awaitility.await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(every)
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the process exited with " + process.exitValue()
                                    + " before it answered; see " + log);
                        }
                        return answered.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("no answer within " + limit + "; see " + log, e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The live heap, in MiB: {@code jcmd GC.class_histogram}, which collects in full first and then sums the
     * sizes of the objects still reachable — the live set itself, whatever the collector. (ZGC's "used" after a
     * {@code GC.run} also counts what the load allocated during its concurrent cycle: ±10 % of noise at
     * 10,000 signals/s.)
     */
    double heapAfterFullGcMib() throws IOException, InterruptedException {
        Matcher total = HISTOGRAM_TOTAL.matcher(jcmd("GC.class_histogram"));
        if (!total.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram printed no total for pid " + pid());
        }
        return Long.parseLong(total.group(1)) / (1024.0 * 1024.0);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
