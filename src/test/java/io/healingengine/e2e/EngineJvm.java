package io.healingengine.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real engine in a JVM of its own — {@code java [jvmOptions] io.healingengine.cli.Main serve --config …}, as
 * {@code java -jar} runs it — on a free loopback port, its output appended to a log file, awaited until
 * {@code /health} answers. {@link #kill()} is {@code kill -9} (SIGKILL): no shutdown hook, no orderly close.
 */
final class EngineJvm implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** HTTP/1.1, a connection per client thread, as most senders of signals use. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path log;
    final int port;

    private EngineJvm(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static EngineJvm start(Path config, Path dataDir, Path log, String... jvmOptions)
            throws IOException, InterruptedException {
        int port = EngineFixture.freePort();
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(List.of(jvmOptions));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--config", config.toString(), "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        EngineJvm engine = new EngineJvm(process, log, port);
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the engine exited with " + process.exitValue() + ":\n" + engine.logTail());
                }
                return engine.get("/health").statusCode() == 200;
            });
        } catch (RuntimeException | AssertionError e) {
            engine.close();
            throw new AssertionError("the engine did not come up on port " + port + ":\n" + engine.logTail(), e);
        }
        return engine;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, as {@code kill -9}: the JVM ends at once, whatever it was doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return EngineFixture.JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The end of the engine's log, for assertion messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM and a wait for the orderly stop; SIGKILL if it does not come. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
