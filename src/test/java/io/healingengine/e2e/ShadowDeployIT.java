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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version deployed with a shadow period sees the same signals as the active one and decides without
 * acting; the engine reports where the two differ, promotes a candidate that decided the same when the
 * period ends, and leaves one that differs to a person.
 */
class ShadowDeployIT {
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

    @BeforeEach
    void start() throws Exception {
        engine = EngineFixture.start(0, dataDir, true, java.util.List.of(), null, true,
                CompiledRules.sha256Of(KjarDeployIT.TOKEN.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    private HttpResponse<String> shadow(String period) throws Exception {
        return engine.post("/api/v1/kjars?by=ana&shadow=" + period, throughputAt1500.kjar(), KjarDeployIT.KJAR,
                KjarDeployIT.TOKEN);
    }

    private HttpResponse<String> admin(String path, String json) throws Exception {
        return engine.post(path, json.getBytes(StandardCharsets.UTF_8), "application/json", KjarDeployIT.TOKEN);
    }

    private void throughput(String service, double value) throws Exception {
        assertThat(engine.post("/api/v1/signals", "{\"service\":\"" + service + "\",\"metric\":\"throughput\",\"value\":"
                + value + "}").statusCode()).isEqualTo(202);
    }

    @Test
    void shouldReportWhereTheShadowDecidesDifferentlyWithoutActingAndWaitForAPerson() throws Exception {
        // given: B runs in shadow beside the shipped rules
        HttpResponse<String> started = shadow("PT1S");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

        // when: orders reports 1000 req/s — a drop for B, fine for the shipped rules
        throughput("orders", 1000);

        // then: the report shows B would have opened an incident and acted; nothing was opened or run for real
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode report = engine.getJson("/api/v1/kjars/shadow");
            assertThat(report.get("differences")).anySatisfy(d -> {
                assertThat(d.get("service").asText()).isEqualTo("orders");
                assertThat(d.get("decision").asText()).startsWith("first action ");
                assertThat(d.get("shadow").asLong()).isEqualTo(1);
            });
            assertThat(report.get("differences")).anySatisfy(d -> {
                assertThat(d.get("service").asText()).isEqualTo("orders");
                assertThat(d.get("decision").asText()).isEqualTo("opens an incident for throughput-drop");
                assertThat(d.get("active").asLong()).isZero();
                assertThat(d.get("shadow").asLong()).isEqualTo(1);
            });
        });
        assertThat(engine.getJson("/api/v1/incidents?service=orders").get("incidents")).isEmpty();
        // and: its period ended with a difference, so it was not promoted; a person promotes it
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> engine.getJson("/health").get("rulesSha256").asText(), shipped.sha256()::equals);
        HttpResponse<String> promoted = admin("/api/v1/kjars/shadow/promote", "{\"by\":\"ana\",\"note\":\"reviewed\"}");
        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(201);
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(throughputAt1500.sha256());
        JsonNode history = engine.getJson("/api/v1/kjars").get("history");
        assertThat(history).extracting(e -> e.get("action").asText()).containsExactly("promote", "shadow-started", "baseline");
        assertThat(history.get(0).get("note").asText()).contains("reviewed").contains("differences 2");
    }

    @Test
    void shouldPromoteACandidateThatDecidedTheSameWhenItsPeriodEnds() throws Exception {
        // given: B in shadow for one second, and only signals both versions judge alike
        assertThat(shadow("PT1S").statusCode()).isEqualTo(202);
        throughput("payments", 5000);
        throughput("orders", 200);

        // then: after the period the engine promotes it by itself
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(throughputAt1500.sha256()));
        JsonNode promotion = engine.getJson("/api/v1/kjars").get("history").get(0);
        assertThat(promotion.get("action").asText()).isEqualTo("promote");
        assertThat(promotion.get("by").asText()).isEqualTo("engine");
        assertThat(promotion.get("note").asText()).contains("differences 0");
        assertThat(engine.get("/api/v1/kjars/shadow").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDiscardACandidateAndKeepTheActiveVersion() throws Exception {
        // given
        assertThat(shadow("PT10M").statusCode()).isEqualTo(202);
        assertThat(shadow("PT10M").statusCode()).as("a second shadow while one runs").isEqualTo(409);

        // when
        HttpResponse<String> discarded = admin("/api/v1/kjars/shadow/discard", "{\"by\":\"ana\",\"note\":\"not now\"}");

        // then
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(engine.getJson("/health").get("rulesSha256").asText()).isEqualTo(shipped.sha256());
        assertThat(engine.getJson("/api/v1/kjars").get("history")).extracting(e -> e.get("action").asText())
                .containsExactly("shadow-discarded", "shadow-started", "baseline");
        assertThat(admin("/api/v1/kjars/shadow/promote", "{\"by\":\"ana\"}").statusCode()).isEqualTo(409);
    }
}
