package io.healingengine.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
import io.healingengine.config.ActionsConfig;
import io.healingengine.config.EngineConfig;
import io.healingengine.domain.ActionOutcome;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionResult;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.PolicyMatch;
import io.healingengine.domain.RemediationProposal;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dispatcher on a real Vert.x event bus: where requests go, and what a missing executor becomes. */
class ActionDispatcherTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldSendADryRunPolicyActionToNoopAndNeverToItsExecutor() throws Exception {
        // given: executors listening on noop and restart
        LocalCodec.register(vertx.eventBus());
        listen(Addresses.action("noop"));
        listen(Addresses.action("restart"));
        ActionDispatcher dispatcher = new ActionDispatcher(vertx, EngineConfig.ofDefaults());

        // when
        ActionResult result = dispatcher.dispatch(request(true)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        // then
        assertThat(received).containsExactly(Addresses.action("noop"));
        assertThat(result.getOutcome()).isEqualTo(ActionOutcome.SUCCEEDED);
    }

    @Test
    void shouldReportFailedWithTheReasonWhenNoExecutorListens() throws Exception {
        LocalCodec.register(vertx.eventBus());
        ActionDispatcher dispatcher = new ActionDispatcher(vertx, EngineConfig.ofDefaults());

        ActionResult result = dispatcher.dispatch(request(false)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(result.getOutcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(result.getDetail()).contains("no executor listens on selfheal.action.restart");
    }

    @Test
    void shouldReportFailedWithTheExceptionWhenTheExecutorThrows() throws Exception {
        // given: a restart executor that throws on every request, registered as the engine registers executors
        LocalCodec.register(vertx.eventBus());
        ExecutorConsumers.register(vertx.eventBus(), Addresses.action("restart"), message -> {
            throw new IllegalStateException("executor bug");
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ActionDispatcher dispatcher = new ActionDispatcher(vertx, EngineConfig.ofDefaults());

        // when
        ActionResult result = dispatcher.dispatch(request(false)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        // then: FAILED at once (not a timeout), with the exception
        assertThat(result.getOutcome()).isEqualTo(ActionOutcome.FAILED);
        assertThat(result.getDetail()).contains("executor on selfheal.action.restart failed")
                .contains("IllegalStateException: executor bug");
    }

    @Test
    void shouldReportTimedOutAtTheConfiguredTimeoutWhenTheExecutorNeverAnswers() throws Exception {
        // given: a scale-up executor that takes requests and never answers; scale-up may take 300 ms
        LocalCodec.register(vertx.eventBus());
        vertx.eventBus().<ActionRequest>consumer(Addresses.action("scale-up"), message -> received.add("silent"))
                .completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        EngineConfig config = new EngineConfig(null, null, null, null, null, null, null,
                new ActionsConfig(Map.of("scale-up", 300L), 100L, null), null, null, null, null);
        ActionDispatcher dispatcher = new ActionDispatcher(vertx, config);

        // when
        ActionResult result = dispatcher.dispatch(request("scale-up")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        // then: TIMED_OUT, naming the deadline (timeout + reply margin)
        assertThat(received).containsExactly("silent");
        assertThat(result.getOutcome()).isEqualTo(ActionOutcome.TIMED_OUT);
        assertThat(result.getDetail()).isEqualTo("executor on selfheal.action.scale-up did not answer within 400 ms");
        assertThat(result.getDurationMs()).isGreaterThanOrEqualTo(400);
    }

    private void listen(String address) throws Exception {
        vertx.eventBus().<ActionRequest>consumer(address, message -> {
            received.add(address);
            message.reply(ActionResult.of(message.body(), ActionOutcome.SUCCEEDED, "ok", 1, 0), LocalCodec.OPTIONS);
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ActionRequest request(boolean dryRunPolicy) {
        return request("restart", dryRunPolicy);
    }

    private static ActionRequest request(String action) {
        return request(action, false);
    }

    private static ActionRequest request(String action, boolean dryRunPolicy) {
        PolicyMatch match = new PolicyMatch("svc-a", "p");
        match.setActions(action);
        match.setDryRun(dryRunPolicy);
        Incident incident = Incident.fromPolicy(match, 0);
        return new ActionRequest(new RemediationProposal(incident, 0), 0);
    }
}
