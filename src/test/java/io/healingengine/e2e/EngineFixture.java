package io.healingengine.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.HealingEngine;
import io.healingengine.config.AuthConfig;
import io.healingengine.config.DeployConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.IntegrationsConfig;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.OncallConfig;
import io.healingengine.config.ServerConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.config.TokenConfig;
import io.healingengine.rules.CompiledRules;
import io.healingengine.config.EngineSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real engine on a free loopback port, with a temporary data directory, for end-to-end tests. */
final class EngineFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The token of the operator ("oncall") every fixture engine knows: approvals, manual heals, unfreezing. */
    static final String OPERATOR_TOKEN = "e2e-operator-token";
    static final AuthConfig AUTH = new AuthConfig(List.of(new TokenConfig("oncall", "operator",
            CompiledRules.sha256Of(OPERATOR_TOKEN.getBytes(StandardCharsets.UTF_8)))), null);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HealingEngine engine;
    final int port;

    private EngineFixture(HealingEngine engine) {
        this.engine = engine;
        this.port = engine.port();
    }

    static EngineFixture start(int port, Path dataDir, boolean autoRegister, List<ServiceConfig> services,
                               String oncallUrl) throws Exception {
        return start(port, dataDir, autoRegister, services, oncallUrl, false, (String) null);
    }

    /**
     * @param dryRun           engine-wide dry run
     * @param adminTokenSha256 SHA-256 of the admin token (deploys), or null to leave deploys switched off
     */
    static EngineFixture start(int port, Path dataDir, boolean autoRegister, List<ServiceConfig> services,
                               String oncallUrl, boolean dryRun, String adminTokenSha256) throws Exception {
        return start(port, dataDir, autoRegister, services, oncallUrl, dryRun,
                new DeployConfig(adminTokenSha256, null, null, null));
    }

    static EngineFixture start(int port, Path dataDir, boolean autoRegister, List<ServiceConfig> services,
                               String oncallUrl, boolean dryRun, DeployConfig deploy) throws Exception {
        return start(port, dataDir, autoRegister, services, oncallUrl, dryRun, deploy, null);
    }

    /** @param rulesDir a project directory whose rules the engine compiles at start, or null for the shipped ones */
    static EngineFixture start(int port, Path dataDir, boolean autoRegister, List<ServiceConfig> services,
                               String oncallUrl, boolean dryRun, DeployConfig deploy, Path rulesDir) throws Exception {
        EngineConfig config = new EngineConfig(new ServerConfig(null, port, null, null), dataDir.toString(),
                new EngineSettings(50, 3, 3_000L, dryRun, rulesDir == null ? null : rulesDir.toString()),
                new InventoryConfig(autoRegister, null, services), new OncallConfig(oncallUrl, 2_000), deploy, null,
                null, null, null, AUTH, null);
        return new EngineFixture(HealingEngine.start(config));
    }

    /**
     * An engine with integrations configured (Prometheus pull, Alertmanager labels), listed services only,
     * no pager.
     */
    static EngineFixture start(int port, Path dataDir, List<ServiceConfig> services, IntegrationsConfig integrations)
            throws Exception {
        return start(port, dataDir, services, integrations, null);
    }

    /** @param rulesDir a project directory whose rules the engine compiles at start, or null for the shipped ones */
    static EngineFixture start(int port, Path dataDir, List<ServiceConfig> services, IntegrationsConfig integrations,
                               Path rulesDir) throws Exception {
        EngineConfig config = new EngineConfig(new ServerConfig(null, port, null, null), dataDir.toString(),
                new EngineSettings(50, 3, 3_000L, false, rulesDir == null ? null : rulesDir.toString()),
                new InventoryConfig(false, null, services),
                new OncallConfig(null, 2_000), null, integrations, null, null, null, AUTH, null);
        return new EngineFixture(HealingEngine.start(config));
    }

    /** An engine on exactly this configuration. */
    static EngineFixture start(EngineConfig config) throws Exception {
        return new EngineFixture(HealingEngine.start(config));
    }

    /**
     * The configuration the other start methods use — loopback, any free port, 50 ms ticks, 3 s liveness
     * grace, listed services only — to be completed with the sections a test is about.
     */
    static EngineConfig config(Path dataDir, List<ServiceConfig> services, String oncallUrl) {
        return new EngineConfig(new ServerConfig(null, 0, null, null), dataDir.toString(),
                new EngineSettings(50, 3, 3_000L, false, null), new InventoryConfig(false, null, services),
                new OncallConfig(oncallUrl, 2_000), null, null, null, null, null, AUTH, null);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, "application/json");
    }

    HttpResponse<String> post(String path, String body, String contentType) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST with a bearer token (null: none) and any body. */
    HttpResponse<String> post(String path, byte[] body, String contentType, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request, with a bearer token (null: none) and a JSON body (null: none). */
    HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST of JSON as the operator, with {@link #OPERATOR_TOKEN}. */
    HttpResponse<String> operatorPost(String path, String body) throws IOException, InterruptedException {
        return post(path, body.getBytes(StandardCharsets.UTF_8), "application/json", OPERATOR_TOKEN);
    }

    /** The value of one series of GET /metrics, e.g. {@code selfheal_probe_results_total{outcome="pass",service="web"}}; 0 if absent. */
    double metric(String series) throws IOException, InterruptedException {
        return get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }

        JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }
}
