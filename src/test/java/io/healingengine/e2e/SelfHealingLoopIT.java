package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.demo.DemoServiceControl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop on real parts: a real child process registered in the inventory heartbeats to a real
 * engine over loopback HTTP; it is killed with SIGKILL, and the engine must notice, run the restart argv
 * of the inventory, see the new process heartbeat, and resolve the incident.
 */
class SelfHealingLoopIT {
    private static final String SERVICE = "checkout";
    private static final long HEARTBEAT_MS = 200;
    private final HttpClient http = HttpClient.newHttpClient();
    private EngineFixture engine;
    private Path stateDir;
    private List<String> stopArgv;

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() throws Exception {
        if (stopArgv != null) {
            new ProcessBuilder(stopArgv).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldRestartAKilledProcessAndResolveTheIncidentWhenHeartbeatsResume() throws Exception {
        // given: an engine whose inventory knows how to restart a real demo service, and that service running
        int port = EngineFixture.freePort();
        stateDir = Files.createDirectories(temp.resolve("fleet"));
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        String classpath = System.getProperty("healing.test.classpath", "target/classes");
        String engineUrl = "http://127.0.0.1:" + port;
        List<String> restart = DemoServiceControl.controlArgv("restart", java, classpath, SERVICE, stateDir, engineUrl,
                HEARTBEAT_MS);
        stopArgv = DemoServiceControl.controlArgv("stop", java, classpath, SERVICE, stateDir, engineUrl, HEARTBEAT_MS);
        ServiceConfig checkout = new ServiceConfig(SERVICE, "critical", HEARTBEAT_MS, 1_000L, false,
                new RestartConfig(restart, null, Map.of(), 30_000), Map.of());
        engine = EngineFixture.start(port, temp.resolve("data"), false, List.of(checkout), null);
        Process start = new ProcessBuilder(DemoServiceControl.controlArgv("start", java, classpath, SERVICE, stateDir,
                engineUrl, HEARTBEAT_MS)).inheritIO().start();
        assertThat(start.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(start.exitValue()).isZero();
        long oldPid = readPid();
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("selfheal_heartbeats_received_total") >= 2);

        // when: the process is killed with SIGKILL
        ProcessHandle.of(oldPid).orElseThrow().destroyForcibly();

        // then: the engine restarts it — a new PID answers — and resolves the incident with a recovery time
        JsonNode resolved = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> incidents("RESOLVED"), list -> list.size() == 1).get(0);
        assertThat(resolved.get("trigger").asText()).isEqualTo("service-down");
        assertThat(resolved.get("recoveryTimeMs").asLong()).isPositive();
        long newPid = readPid();
        assertThat(newPid).isNotEqualTo(oldPid);
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        JsonNode answer = EngineFixture.JSON.readTree(getFromService("/"));
        assertThat(answer.get("pid").asLong()).isEqualTo(newPid);

        // and the chain tells the whole story, the history has the successful restart, /metrics counts it once
        JsonNode chain = engine.getJson("/api/v1/incidents/" + resolved.get("id").asText());
        List<String> events = chain.get("steps").findValuesAsText("event");
        assertThat(events).containsSubsequence("incident_opened", "diagnosis", "action_proposed", "action_started",
                "action_succeeded", "recovery_observed", "verdict_recovered", "incident_resolved");
        JsonNode history = engine.getJson("/api/v1/history?limit=10").get("history");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("action").asText()).isEqualTo("restart");
        assertThat(history.get(0).get("success").asBoolean()).isTrue();
        assertThat(metricLine("selfheal_actions_executed_total{action=\"restart\",outcome=\"SUCCEEDED\"}"))
                .isEqualTo(1.0);
        assertThat(engine.getJson("/health").get("openIncidents").asLong()).isZero();
    }

    private long readPid() throws IOException {
        return Long.parseLong(Files.readString(DemoServiceControl.pidFile(stateDir, SERVICE)).trim());
    }

    private String getFromService(String path) throws IOException, InterruptedException {
        int port = Integer.parseInt(Files.readString(DemoServiceControl.portFile(stateDir, SERVICE)).trim());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private List<JsonNode> incidents(String status) throws IOException, InterruptedException {
        JsonNode list = engine.getJson("/api/v1/incidents?status=" + status + "&service=" + SERVICE).get("incidents");
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
    }

    private double metric(String name) throws IOException, InterruptedException {
        return metricLine(name);
    }

    private double metricLine(String series) throws IOException, InterruptedException {
        return engine.get("/metrics").body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }
}
