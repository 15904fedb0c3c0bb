package io.healingengine.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.bus.Addresses;
import io.healingengine.bus.LocalCodec;
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

    private void listen(String address) throws Exception {
        vertx.eventBus().<ActionRequest>consumer(address, message -> {
            received.add(address);
            message.reply(ActionResult.of(message.body(), ActionOutcome.SUCCEEDED, "ok", 1, 0), LocalCodec.OPTIONS);
        }).completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ActionRequest request(boolean dryRunPolicy) {
        PolicyMatch match = new PolicyMatch("svc-a", "p");
        match.setActions("restart");
        match.setDryRun(dryRunPolicy);
        Incident incident = Incident.fromPolicy(match, 0);
        return new ActionRequest(new RemediationProposal(incident, 0), 0);
    }
}
