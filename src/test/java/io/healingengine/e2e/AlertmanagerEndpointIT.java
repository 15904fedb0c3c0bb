package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.healingengine.config.DeployConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.tools.TableCell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/alertmanager} on a real engine over loopback HTTP, fed the exact bodies Alertmanager 0.25
 * POSTs (src/test/resources/fixtures/alertmanager, from shared/fixtures). The engine runs the shipped rules with
 * one change: the alert-critical row's validation window is 3 s instead of 360 s, so that a resolve is judged
 * within the test's patience.
 */
class AlertmanagerEndpointIT {
    private static final String FIRING = fixture("firing.json");
    private static final String RESOLVED = fixture("resolved.json");
    private static final String FINGERPRINT = "6f31df29d9ca987a";
    private static final String SERVICE = "demo-checkout";

    @TempDir
    static Path temp;
    private static EngineFixture engine;

    @BeforeAll
    static void startEngine() throws Exception {
        Path project = rulesWithShortAlertWindow(temp.resolve("rules-copy"));
        RestartConfig restart = new RestartConfig(List.of("true"), null, Map.of(), 10_000);
        List<ServiceConfig> inventory = List.of(
                new ServiceConfig(SERVICE, "standard", 0L, null, false, restart, Map.of()),
                new ServiceConfig("demo-payments", "standard", 0L, null, false, restart, Map.of()));
        engine = EngineFixture.start(0, temp.resolve("data"), false, inventory, null, false,
                new DeployConfig(null, null, null, null), project);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void shouldOpenOneIncidentActOnceAndResolveItWhenTheAlertFiresFiveTimesThenResolves() throws Exception {
        // when: Alertmanager sends the same firing webhook five times (group_interval, repeat_interval, retries)
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = engine.post("/api/v1/alertmanager", FIRING);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            answers.add(EngineFixture.JSON.readTree(response.body()));
        }

        // then: the first opened the alert and an incident, the four repeats changed nothing
        JsonNode first = answers.get(0).get("alerts").get(0);
        assertThat(answers.get(0).get("accepted").asInt()).isEqualTo(1);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("fingerprint").asText()).isEqualTo(FINGERPRINT);
        assertThat(first.get("service").asText()).isEqualTo(SERVICE);
        assertThat(first.get("alertname").asText()).isEqualTo("DemoHighLatency");
        assertThat(first.get("outcome").asText()).isEqualTo("opened");
        String incidentId = first.get("incidentId").asText();
        assertThat(answers.subList(1, 5)).allSatisfy(answer -> {
            assertThat(answer.get("alerts").get(0).get("outcome").asText()).isEqualTo("unchanged");
            assertThat(answer.get("alerts").get(0).get("incidentId").asText()).isEqualTo(incidentId);
        });
        JsonNode incident = engine.getJson("/api/v1/incidents/" + incidentId).get("incident");
        assertThat(incident.get("kind").asText()).isEqualTo("ALERT");
        assertThat(incident.get("trigger").asText()).isEqualTo("alert-critical");
        assertThat(incident.get("diagnosis").asText()).isEqualTo("alert:alert-critical");
        assertThat(list(engine.getJson("/api/v1/incidents?service=" + SERVICE).get("incidents"))).hasSize(1);

        // and the restart ran once
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> list(history()).size() == 1 && "SUCCEEDED".equals(list(history()).get(0).path("outcome").asText()));

        // when: the alert resolves
        HttpResponse<String> resolved = engine.post("/api/v1/alertmanager", RESOLVED);

        // then: the resolve is the evidence, and the incident is RESOLVED when the window ends
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
        JsonNode resolve = EngineFixture.JSON.readTree(resolved.body()).get("alerts").get(0);
        assertThat(resolve.get("outcome").asText()).isEqualTo("resolved");
        assertThat(resolve.get("incidentId").asText()).isEqualTo(incidentId);
        JsonNode closed = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> engine.getJson("/api/v1/incidents/" + incidentId),
                        chain -> chain.get("incident").get("status").asText().equals("RESOLVED"));
        List<JsonNode> steps = list(closed.get("steps"));
        assertThat(steps).extracting(step -> step.get("event").asText()).containsSubsequence("incident_opened",
                "diagnosis", "action_proposed", "action_started", "action_succeeded", "recovery_observed",
                "verdict_recovered", "incident_resolved");
        assertThat(steps).filteredOn(step -> step.get("event").asText().equals("recovery_observed")).singleElement()
                .satisfies(step -> assertThat(step.get("rule").asText()).isEqualTo("recovery-evidence-from-alert-resolved"));
        assertThat(steps).extracting(step -> step.get("detail").asText()).contains(
                "alert DemoHighLatency (severity critical, fingerprint 6f31df29d9ca987a) is answered by this incident: "
                        + "High p99 latency on demo-checkout");
        List<JsonNode> actions = list(history());
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).get("action").asText()).isEqualTo("restart");
        assertThat(actions.get(0).get("success").asBoolean()).isTrue();
        assertThat(metric("selfheal_alerts_received_total{outcome=\"unchanged\"}")).isEqualTo(4.0);
        assertThat(metric("selfheal_alerts_received_total{outcome=\"resolved\"}")).isEqualTo(1.0);
    }

    @Test
    void shouldTakeTheOtherAlertsWhenOneHasNoServiceLabel() throws Exception {
        // given: a group of two alerts, the second without the service label
        ObjectNode webhook = webhook("aa01", "demo-payments", "warning");
        ObjectNode unnamed = ((ObjectNode) webhook.get("alerts").get(0)).deepCopy();
        unnamed.put("fingerprint", "aa02");
        ((ObjectNode) unnamed.get("labels")).remove("service");
        ((ArrayNode) webhook.get("alerts")).add(unnamed);

        // when
        HttpResponse<String> response = engine.post("/api/v1/alertmanager", webhook.toString());

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = EngineFixture.JSON.readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("refused").asInt()).isEqualTo(1);
        assertThat(body.get("alerts").get(0).get("outcome").asText()).isEqualTo("opened");
        assertThat(body.get("alerts").get(0).has("incidentId")).as("no alert policy takes a warning").isFalse();
        JsonNode refused = body.get("alerts").get(1);
        assertThat(refused.get("outcome").asText()).isEqualTo("refused");
        assertThat(refused.get("fingerprint").asText()).isEqualTo("aa02");
        assertThat(refused.get("field").asText()).isEqualTo("/alerts/1/labels/service");
        assertThat(refused.get("reason").asText()).isEqualTo("the alert has no 'service' label to name its service "
                + "(integrations.alertmanager.serviceLabel)");
    }

    @Test
    void shouldAnswer400WithEachAlertsReasonWhenNoAlertCanBeUsed() throws Exception {
        // given
        ObjectNode webhook = webhook("bb01", "demo-payments", "critical");
        ((ObjectNode) webhook.get("alerts").get(0).get("labels")).put("service", "check out; rm -rf /");

        // when
        HttpResponse<String> response = engine.post("/api/v1/alertmanager", webhook.toString());

        // then
        assertProblem(response, 400, "invalid-field", "/alerts/0/labels/service");
        JsonNode body = EngineFixture.JSON.readTree(response.body());
        assertThat(body.get("detail").asText())
                .startsWith("the alert was not accepted; /alerts/0/labels/service: 'check out; rm -rf /' is not a service id");
        assertThat(body.get("alerts").get(0).get("outcome").asText()).isEqualTo("refused");
    }

    @Test
    void shouldAnswer404WhenTheAlertsServiceIsUnknownAndAutoRegistrationIsOff() throws Exception {
        HttpResponse<String> response = engine.post("/api/v1/alertmanager",
                webhook("cc01", "nowhere", "critical").toString());

        assertProblem(response, 404, "unknown-service", "/alerts/0/labels/service");
        assertThat(EngineFixture.JSON.readTree(response.body()).get("alerts").get(0).get("reason").asText())
                .isEqualTo("service 'nowhere' is not in the inventory and auto-registration is off");
    }

    @Test
    void shouldRefuseABodyThatIsNotAVersion4Webhook() throws Exception {
        ObjectNode v3 = webhook("dd01", "demo-payments", "warning");
        v3.put("version", "3");
        assertProblem(engine.post("/api/v1/alertmanager", v3.toString()), 400, "invalid-field", "/version");

        ObjectNode empty = webhook("dd02", "demo-payments", "warning");
        empty.putArray("alerts");
        assertProblem(engine.post("/api/v1/alertmanager", empty.toString()), 400, "invalid-field", "/alerts");

        assertProblem(engine.post("/api/v1/alertmanager", "{\"version\":\"4\","), 400, "malformed-json", null);
        assertProblem(engine.post("/api/v1/alertmanager", FIRING, "text/plain"), 415, "unsupported-media-type", null);
    }

    @Test
    void shouldTakeAResolveForAnAlertTheEngineNeverSawAsNothingToClose() throws Exception {
        ObjectNode webhook = webhook("ee01", "demo-payments", "critical");
        ((ObjectNode) webhook.get("alerts").get(0)).put("status", "resolved");

        HttpResponse<String> response = engine.post("/api/v1/alertmanager", webhook.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(EngineFixture.JSON.readTree(response.body()).get("alerts").get(0).get("outcome").asText())
                .isEqualTo("not-held");
    }

    /** The fixture's firing webhook with another fingerprint, service and severity. */
    private static ObjectNode webhook(String fingerprint, String service, String severity) throws IOException {
        ObjectNode webhook = (ObjectNode) EngineFixture.JSON.readTree(FIRING);
        ObjectNode alert = (ObjectNode) webhook.get("alerts").get(0);
        alert.put("fingerprint", fingerprint);
        ((ObjectNode) alert.get("labels")).put("service", service).put("severity", severity);
        return webhook;
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String field)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = EngineFixture.JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://healing-engine.dev/problems/" + type);
        if (field != null) {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
    }

    private static JsonNode history() throws IOException, InterruptedException {
        return engine.getJson("/api/v1/history?limit=50").get("history");
    }

    private static double metric(String series) throws IOException, InterruptedException {
        return engine.get("/metrics").body().lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0.0);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    /**
     * A copy of the project's rules (rules/, decision-tables/, the kmodule) whose alert-critical row validates
     * for 3 s.
     */
    static Path rulesWithShortAlertWindow(Path target) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        for (String folder : List.of("rules", "decision-tables", "kjar/src/main/resources/META-INF")) {
            Path from = root.resolve(folder);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(folder).resolve(from.relativize(file).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(file, to);
                }
            }
        }
        Path table = "decision-tables/alerts/AlertPolicies.drl.xlsx".transform(target::resolve);
        Files.write(table, TableCell.of(table, "alert-critical", "Validation window (s)").withValue("3"));
        return target;
    }

    static String fixture(String name) {
        try (InputStream in = AlertmanagerEndpointIT.class.getResourceAsStream("/fixtures/alertmanager/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
