package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleVariants;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;

/**
 * Deploying rules to a running engine over HTTP: the admin token, the refusal of a bad kjar while the
 * active rules keep deciding, activation in place with the facts kept, the version on every decision,
 * roll back, and the deployed version surviving a restart.
 */
class KjarDeployIT {
    static final String TOKEN = "s3cret-admin-token";
    static final String KJAR = "application/java-archive";
    private static CompiledRules shipped;
    private static CompiledRules throughputAt1500;

    @TempDir
    Path dataDir;
    private EngineFixture engine;

    @BeforeAll
    static void versions() {
        shipped = RuleVariants.shipped();
        throughputAt1500 = RuleVariants.withPolicyThreshold("throughput-drop", 500, 1500);
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    private EngineFixture startEngine(String tokenSha256) throws Exception {
        engine = EngineFixture.start(0, dataDir, true, List.of(), null, true, tokenSha256);
        return engine;
    }

    private HttpResponse<String> deploy(byte[] kjar, String token) throws Exception {
        return engine.post("/api/v1/kjars?by=ana&note=raise+throughput+floor", kjar, KJAR, token);
    }

    private HttpResponse<String> signal(String service, String metric, double value) throws Exception {
        return engine.post("/api/v1/signals", "{\"service\":\"" + service + "\",\"metric\":\"" + metric
                + "\",\"value\":" + value + "}");
    }

    private List<JsonNode> incidentsOf(String service) throws Exception {
        List<JsonNode> incidents = new ArrayList<>();
        engine.getJson("/api/v1/incidents?service=" + service).get("incidents").forEach(incidents::add);
        return incidents;
    }

    private JsonNode openingStep(String incidentId) throws Exception {
        for (JsonNode step : engine.getJson("/api/v1/incidents/" + incidentId).get("steps")) {
            if (step.get("event").asText().equals("incident_opened")) {
                return step;
            }
        }
        throw new AssertionError("incident " + incidentId + " has no incident_opened step");
    }

    @Test
    void shouldRefuseDeploysWithoutTheAdminToken() throws Exception {
        // given: an engine whose admin token is configured (as its SHA-256)
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));

        // when: no token, then a wrong one
        HttpResponse<String> anonymous = deploy(throughputAt1500.kjar(), null);
        HttpResponse<String> wrong = deploy(throughputAt1500.kjar(), "guess");

        // then: 401 for both, and the rules did not change
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(EngineFixture.JSON.readTree(wrong.body()).get("type").asText()).endsWith("/unauthorized");
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(shipped.sha256());
    }

    @Test
    void shouldSwitchDeploysOffWithoutAConfiguredToken() throws Exception {
        // given: an engine with no admin token configured
        startEngine(null);

        // when
        HttpResponse<String> response = deploy(throughputAt1500.kjar(), TOKEN);

        // then: 403 saying how to switch deploys on; reading the versions stays open
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("auth.tokens").contains("deploy.adminTokenSha256");
        assertThat(engine.getJson("/api/v1/kjars").get("active").get("sha256").asText()).isEqualTo(shipped.sha256());
    }

    @Test
    void shouldRefuseAnInvalidKjarWith422AndKeepDecidingWithTheActiveRules() throws Exception {
        // given
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));

        // when: bytes that are no kjar, then a kjar whose rules could decide nothing in this engine
        HttpResponse<String> garbage = deploy("not a jar at all".getBytes(StandardCharsets.UTF_8), TOKEN);
        HttpResponse<String> foreign = deploy(tinyKjar("1.0.0", "rule \"hello\" when then end", false), TOKEN);

        // then: 422 with each problem located, and the shipped rules still decide
        assertThat(garbage.statusCode()).isEqualTo(422);
        JsonNode garbageProblem = EngineFixture.JSON.readTree(garbage.body());
        assertThat(garbageProblem.get("type").asText()).endsWith("/invalid-kjar");
        assertThat(garbageProblem.get("errors").get(0).get("message").asText()).contains("not a jar (zip) file");
        assertThat(foreign.statusCode()).isEqualTo(422);
        assertThat(foreign.body()).contains("global 'sink'");
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(shipped.sha256());
        assertThat(signal("payments", "latency_p99", 900).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> !incidentsOf("payments").isEmpty());
        assertThat(engine.getJson("/api/v1/kjars").get("history")).isEmpty();
    }

    @Test
    void shouldActivateTheNewVersionInPlaceAndRecordWhichVersionMadeEachDecision() throws Exception {
        // given: the shipped rules; payments has an incident they opened, orders a throughput they tolerate
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));
        signal("payments", "latency_p99", 900);
        signal("orders", "throughput", 1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !incidentsOf("payments").isEmpty());
        String paymentsIncident = incidentsOf("payments").get(0).get("id").asText();
        assertThat(incidentsOf("orders")).isEmpty();

        // when: the version whose throughput-drop policy acts below 1500 req/s is deployed
        HttpResponse<String> response = deploy(throughputAt1500.kjar(), TOKEN);

        // then: it is active at once and judged the throughput already in the session — no new signal
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = EngineFixture.JSON.readTree(response.body());
        assertThat(body.get("active").get("sha256").asText()).isEqualTo(throughputAt1500.sha256());
        assertThat(body.get("previousVersion").asText()).isEqualTo(shipped.version());
        await().atMost(Duration.ofSeconds(10)).until(() -> !incidentsOf("orders").isEmpty());
        JsonNode ordersOpened = openingStep(incidentsOf("orders").get(0).get("id").asText());
        assertThat(ordersOpened.get("rulesVersion").asText()).isEqualTo(throughputAt1500.shortSha());
        assertThat(ordersOpened.get("detail").asText()).contains("throughput-drop");
        // the incident opened before the deploy is the same one, and says which version opened it
        assertThat(incidentsOf("payments")).extracting(i -> i.get("id").asText()).containsExactly(paymentsIncident);
        assertThat(openingStep(paymentsIncident).get("rulesVersion").asText()).isEqualTo(shipped.shortSha());

        JsonNode kjars = engine.getJson("/api/v1/kjars");
        assertThat(kjars.get("active").get("sha256").asText()).isEqualTo(throughputAt1500.sha256());
        assertThat(kjars.get("history")).extracting(e -> e.get("action").asText()).containsExactly("deploy", "baseline");
        assertThat(kjars.get("history").get(0).get("by").asText()).isEqualTo("ana");
        assertThat(kjars.get("history").get(0).get("note").asText()).isEqualTo("raise throughput floor");
        JsonNode health = engine.getJson("/health");
        assertThat(health.get("rulesVersion").asText()).isEqualTo(throughputAt1500.version());
        assertThat(health.get("rulesSha256").asText()).isEqualTo(throughputAt1500.sha256());
        assertThat(health.get("deploys").get(0).get("sha256").asText()).isEqualTo(throughputAt1500.sha256());
    }

    @Test
    void shouldAnswerUnchangedWhenTheActiveVersionIsDeployedAgain() throws Exception {
        // given
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));

        // when: the kjar the engine runs is uploaded
        HttpResponse<String> response = deploy(shipped.kjar(), TOKEN);

        // then: nothing to do, nothing recorded
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"unchanged\"");
        assertThat(engine.getJson("/api/v1/kjars").get("history")).isEmpty();
    }

    @Test
    void shouldRollBackToThePreviousVersionAndSayWhenThereIsNothingToRollBackTo() throws Exception {
        // given: nothing deployed yet
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> tooEarly = engine.post("/api/v1/kjars/rollback",
                "{\"by\":\"ana\"}".getBytes(StandardCharsets.UTF_8), "application/json", TOKEN);
        assertThat(tooEarly.statusCode()).isEqualTo(409);

        // when: a version is deployed, then rolled back
        assertThat(deploy(throughputAt1500.kjar(), TOKEN).statusCode()).isEqualTo(201);
        HttpResponse<String> rollback = engine.post("/api/v1/kjars/rollback",
                "{\"by\":\"ana\",\"note\":\"too many incidents\"}".getBytes(StandardCharsets.UTF_8), "application/json", TOKEN);

        // then: the shipped rules run again, and the history says who did what
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(201);
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(shipped.sha256());
        assertThat(engine.getJson("/api/v1/kjars").get("history")).extracting(e -> e.get("action").asText())
                .containsExactly("rollback", "deploy", "baseline");
        HttpResponse<String> unknown = engine.post("/api/v1/kjars/rollback",
                "{\"by\":\"ana\",\"to\":\"9.9.9\"}".getBytes(StandardCharsets.UTF_8), "application/json", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldStartOnTheDeployedVersionAfterARestart() throws Exception {
        // given: a deployed version
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(deploy(throughputAt1500.kjar(), TOKEN).statusCode()).isEqualTo(201);

        // when: the engine restarts on the same data directory
        engine.close();
        engine = null;
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));

        // then: it runs the deployed version, not the shipped one
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(throughputAt1500.sha256());
        assertThat(engine.getJson("/health").get("rulesOrigin").asText()).contains("upload by ana");
    }

    @Test
    void shouldRefuseAReleasedVersionWhoseContentChanged() throws Exception {
        // given: release 1.0.0 of a (tiny) kjar is deployed
        startEngine(CompiledRules.sha256Of(TOKEN.getBytes(StandardCharsets.UTF_8)));
        assertThat(deploy(tinyKjar("1.0.0", "rule \"first\" when then end", true), TOKEN).statusCode()).isEqualTo(201);

        // when: another kjar claims to be release 1.0.0
        HttpResponse<String> response = deploy(tinyKjar("1.0.0", "rule \"second\" when then end", true), TOKEN);

        // then
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("a released version never changes");
    }

    /** A kjar of one DRL package, built here with the KIE API; {@code withSink} declares the engine's global. */
    static byte[] tinyKjar(String version, String rule, boolean withSink) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(ks.newReleaseId("com.example", "tiny-rules", version));
        kfs.write("src/main/resources/tiny/tiny.drl", ("package tiny;\n"
                + (withSink ? "global io.healingengine.domain.DecisionSink sink;\n" : "") + rule + "\n")
                .getBytes(StandardCharsets.UTF_8));
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        assertThat(builder.getResults().getMessages(org.kie.api.builder.Message.Level.ERROR)).isEmpty();
        return ((InternalKieModule) builder.getKieModule()).getBytes();
    }
}
