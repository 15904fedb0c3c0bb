package io.healingengine.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.config.ServiceConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A medium-risk action (scale-up) on a service without a canary waits for a human: it is listed by
 * GET /api/v1/approvals, runs once approved, and never runs when denied.
 */
class ApprovalGateIT {
    @TempDir
    Path temp;

    @Test
    void shouldRunAScaleUpOnlyAfterAHumanApprovesIt() throws Exception {
        try (PageReceiver actions = new PageReceiver(200);
             EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(orders(actions)),
                     actions.url())) {
            // given: a scale-up is proposed for a service without a canary
            String incidentId = heal(engine, "scale-up");
            JsonNode approval = await().atMost(Duration.ofSeconds(10))
                    .until(() -> engine.getJson("/api/v1/approvals").get("approvals"), a -> a.size() == 1).get(0);
            assertThat(approval.get("status").asText()).isEqualTo("PENDING");
            assertThat(approval.get("action").asText()).isEqualTo("scale-up");
            assertThat(approval.get("risk").asText()).isEqualTo("MEDIUM");
            assertThat(approval.get("defaultOnTimeout").asText()).isEqualTo("deny");
            assertThat(actions.calls()).isEmpty();

            // when: a human approves it, saying who and why
            HttpResponse<String> decided = engine.operatorPost("/api/v1/approvals/" + approval.get("id").asText(),
                    "{\"decision\":\"approve\",\"by\":\"alice\",\"reason\":\"traffic spike, capacity is the fix\"}");

            // then: the scale-up runs, and the chain says who approved it and why
            assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
            assertThat(EngineFixture.JSON.readTree(decided.body()).get("status").asText()).isEqualTo("APPROVED");
            await().atMost(Duration.ofSeconds(10)).until(() -> actions.calls().stream()
                    .anyMatch(call -> call.path().equals("/actions/scale-up")));
            JsonNode chain = engine.getJson("/api/v1/incidents/" + incidentId);
            assertThat(chain.get("steps").findValuesAsText("event"))
                    .containsSubsequence("approval_requested", "approval_granted", "action_started");
            assertThat(chain.toString()).contains("alice").contains("traffic spike");

            // and a second decision on the same approval is a conflict
            HttpResponse<String> again = engine.operatorPost("/api/v1/approvals/" + approval.get("id").asText(),
                    "{\"decision\":\"deny\",\"by\":\"bob\",\"reason\":\"too late\"}");
            assertThat(again.statusCode()).isEqualTo(409);
        }
    }

    @Test
    void shouldNeverRunADeniedActionAndPageInstead() throws Exception {
        try (PageReceiver actions = new PageReceiver(200);
             EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(orders(actions)),
                     actions.url())) {
            heal(engine, "scale-up");
            JsonNode approval = await().atMost(Duration.ofSeconds(10))
                    .until(() -> engine.getJson("/api/v1/approvals").get("approvals"), a -> a.size() == 1).get(0);

            HttpResponse<String> decided = engine.operatorPost("/api/v1/approvals/" + approval.get("id").asText(),
                    "{\"decision\":\"deny\",\"by\":\"bob\",\"reason\":\"not during the sale\"}");

            assertThat(decided.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> !actions.pages().isEmpty());
            assertThat(actions.calls()).extracting(PageReceiver.Call::path).containsOnly("/page");
        }
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownApproval() throws Exception {
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(), null)) {
            HttpResponse<String> response = engine.operatorPost("/api/v1/approvals/no-such-approval",
                    "{\"decision\":\"approve\",\"by\":\"alice\",\"reason\":\"x\"}");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("no-such-approval");
        }
    }

    @Test
    void shouldRefuseADecisionWithoutWhoAndWhy() throws Exception {
        try (EngineFixture engine = EngineFixture.start(0, temp.resolve("data"), false, List.of(), null)) {
            HttpResponse<String> response = engine.operatorPost("/api/v1/approvals/abc", "{\"decision\":\"approve\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(EngineFixture.JSON.readTree(response.body()).get("field").asText()).isEqualTo("/by");
        }
    }

    private static ServiceConfig orders(PageReceiver actions) {
        return new ServiceConfig("orders", "standard", 0L, 1_000L, false, null,
                Map.of("scale-up", actions.url("/actions/scale-up")), false,
                Map.of("scale-up", "scale back down: runbook https://runbooks.example/orders-scale-down"));
    }

    private static String heal(EngineFixture engine, String action) throws Exception {
        HttpResponse<String> heal = engine.operatorPost("/api/v1/services/orders/heal",
                "{\"action\":\"" + action + "\",\"reason\":\"checkout queue growing\",\"requestedBy\":\"carol\"}");
        assertThat(heal.statusCode()).as(heal.body()).isEqualTo(202);
        return EngineFixture.JSON.readTree(heal.body()).get("incidentId").asText();
    }
}
