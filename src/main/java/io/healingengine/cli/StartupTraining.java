package io.healingengine.cli;

import io.healingengine.HealingEngine;
import io.healingengine.config.EngineConfig;
import io.healingengine.files.FileTrees;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The build's class-data-sharing training run (pom.xml, execution {@code class-data-archive}), not a user
 * command: starts an engine on embedded defaults (any free port, a throwaway data directory), sends it what
 * a first client sends — a signal, a heartbeat, a read of {@code /health} — and stops it. The JVM runs with
 * {@code -XX:ArchiveClassesAtExit}, so its exit writes every class the start and the first requests loaded
 * into {@code target/healing-engine.jsa}, which {@code bin/healing-engine} maps at the next start instead of
 * reading, parsing and verifying those classes again. A request that is not answered as expected fails the
 * build: an archive of a broken start would only hide the breakage.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("healing-engine-startup-training");
        int exitCode = 1;
        try (HealingEngine engine = HealingEngine.start(EngineConfig.ofDefaults().withPort(0)
                .withDataDir(dataDir.toString()))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + engine.port();
            expect(http, post(base + "/api/v1/signals",
                    "{\"service\":\"startup-training\",\"metric\":\"latency_p99\",\"value\":120}"), 202);
            expect(http, post(base + "/api/v1/heartbeats", "{\"service\":\"startup-training\",\"intervalMs\":1000}"),
                    202);
            expect(http, HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(), 200);
            exitCode = 0;
        } finally {
            FileTrees.delete(dataDir);
        }
        // The archive is written as the JVM exits; exit explicitly, whatever non-daemon thread a library left.
        System.exit(exitCode);
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static void expect(HttpClient http, HttpRequest request, int status) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }
}
