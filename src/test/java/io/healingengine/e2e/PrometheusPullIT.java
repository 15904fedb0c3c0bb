package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ConfigLoader;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.demo.DemoServiceControl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull path on real parts: a real Prometheus scrapes an application whose p99 latency gauge the test
 * sets; the engine evaluates the PromQL query of docs/examples/integrations/engine.yaml against it; when the
 * gauge crosses the critical-latency-spike threshold (500 ms), the engine opens an incident and restarts a
 * real child process (a new PID answers), and the lower latency it then pulls is its evidence of recovery.
 */
class PrometheusPullIT {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusPullIT.class);
    private static final String SERVICE = "checkout";
    private MetricsTarget app;
    private MonitoringProcess prometheus;
    private EngineFixture engine;
    private List<String> stopService;
    private Path stateDir;

    @TempDir
    Path temp;

    @AfterEach
    void tearDown() throws Exception {
        if (stopService != null) {
            new ProcessBuilder(stopService).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
        MonitoringProcess.closeAll(engine, prometheus, app);
    }

    @Test
    void shouldRestartTheServiceWhenThePulledLatencyCrossesThePolicyThreshold() throws Exception {
        // given: the application at 120 ms, scraped by Prometheus with the documented configuration
        app = new MetricsTarget(120);
        Path rules = ExampleConfigs.write("alert-rules.yml", Map.of(), temp);
        Path config = ExampleConfigs.write("prometheus.yml", Map.of("APP_ADDRESS", app.address(),
                // the pull needs no Alertmanager; the firing alert goes nowhere
                "ALERTMANAGER_ADDRESS", "127.0.0.1:" + EngineFixture.freePort(),
                "RULE_FILE", rules.toString()), temp);
        prometheus = MonitoringProcess.prometheus(temp, config);
        // and the engine with the documented pull, its restart pointed at a real demo process
        EngineConfig documented = ConfigLoader.parse(ExampleConfigs.filled("engine.yaml",
                Map.of("PROMETHEUS_URL", prometheus.url())));
        assertThat(documented.inventory().find(SERVICE)).isPresent();
        int port = EngineFixture.freePort();
        stateDir = Files.createDirectories(temp.resolve("fleet"));
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        String classpath = System.getProperty("healing.test.classpath", "target/classes");
        List<String> restart = DemoServiceControl.controlArgv("restart", java, classpath, SERVICE, stateDir, null, 1_000);
        stopService = DemoServiceControl.controlArgv("stop", java, classpath, SERVICE, stateDir, null, 1_000);
        ServiceConfig checkout = new ServiceConfig(SERVICE, "critical", 0L, 1_000L, false,
                new RestartConfig(restart, null, Map.of(), 30_000), Map.of());
        engine = EngineFixture.start(port, temp.resolve("data"), List.of(checkout), documented.integrations());
        Process start = new ProcessBuilder(DemoServiceControl.controlArgv("start", java, classpath, SERVICE, stateDir,
                null, 1_000)).inheritIO().start();
        assertThat(start.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(start.exitValue()).isZero();
        long oldPid = readPid();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> metric("selfheal_prometheus_samples_total{query=\"latency-p99\"}") >= 1);
        assertThat(incidents()).isEmpty();

        // when: the application's p99 latency goes to 900 ms
        Instant changedAt = Instant.now();
        long changed = System.nanoTime();
        app.set(900);

        // then: the pulled value opens a critical-latency-spike incident …
        JsonNode incident = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(this::incidents, list -> !list.isEmpty()).get(0);
        long scraped = app.firstScrapeAfter(changed);
        long openedNanos = System.nanoTime();
        assertThat(incident.get("trigger").asText()).isEqualTo("critical-latency-spike");
        assertThat(incident.get("triggerSignals").asText()).contains("\"latency_p99\":900.0");
        long openedMillis = Instant.parse(incident.get("openedAt").asText()).toEpochMilli() - changedAt.toEpochMilli();
        LOG.info("measured: prometheus ready in {} ms; gauge change -> scraped {} ms -> incident opened {} ms after the"
                + " change (seen by the test after {} ms)", prometheus.readyMillis(), (scraped - changed) / 1_000_000,
                openedMillis, (openedNanos - changed) / 1_000_000);
        // … and restarts the real process: a new PID
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(DemoServiceControl.pidFile(stateDir, SERVICE)) && readPid() != oldPid);
        long newPid = readPid();
        assertThat(running(newPid)).isTrue();
        assertThat(running(oldPid)).isFalse();
        String id = incident.get("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(id).contains("action_succeeded"));
        JsonNode history = engine.getJson("/api/v1/history?limit=10").get("history");
        assertThat(history.get(0).get("action").asText()).isEqualTo("restart");

        // and when the restarted service is fast again, the pulled latency is the evidence of recovery
        app.set(120);
        await().atMost(Duration.ofSeconds(15)).until(() -> steps(id).contains("recovery_observed"));
        assertThat(metric("selfheal_prometheus_query_failures_total{query=\"latency-p99\",reason=\"unreachable\"}"))
                .isZero();
    }

    /** Alive and not a zombie (the old process's parent has exited; whoever adopted it may reap it late). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private long readPid() throws IOException {
        return Long.parseLong(Files.readString(DemoServiceControl.pidFile(stateDir, SERVICE)).trim());
    }

    private List<JsonNode> incidents() throws IOException, InterruptedException {
        JsonNode list = engine.getJson("/api/v1/incidents?service=" + SERVICE).get("incidents");
        return StreamSupport.stream(list.spliterator(), false).toList();
    }

    private List<String> steps(String incidentId) throws IOException, InterruptedException {
        return engine.getJson("/api/v1/incidents/" + incidentId).get("steps").findValuesAsText("event");
    }

    private double metric(String series) throws IOException, InterruptedException {
        return engine.get("/metrics").body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }
}
