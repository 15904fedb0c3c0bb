package io.healingengine.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.FailureStreak;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's state store on the embedded H2 database and on a real PostgreSQL server. */
@ParameterizedClass
@EnumSource(StoreDatabase.Backend.class)
class EngineStateStoreTest {
    @Parameter
    StoreDatabase.Backend backend;

    @TempDir
    Path dataDir;

    private StoreDatabase database;

    @BeforeEach
    void newDatabase() {
        database = backend.fresh(dataDir);
    }

    @Test
    void shouldRememberEveryGuardFactAcrossAReopen() {
        // given: the guards' memory written through one store
        try (AuditStore store = database.open()) {
            EngineStateStore guards = store.engineState();
            guards.save(new ActionTaken("r-1", "svc-a", "svc-a", "restart", true, 1_000L, null, false));
            guards.save(new ActionTaken("r-2", "svc-a", "svc-a", "alert-oncall", false, 2_000L, true, true));
            guards.save(new Cooldown("critical-latency-spike", "svc-a", 300_000L));
            guards.save(new AreaFreeze("svc-b", 5_000L, 86_405_000L, "3 consecutive fixes failed"));
            FailureStreak streak = new FailureStreak("svc-a");
            streak.setFailures(2);
            guards.save(streak);
        }

        // when: the store is opened again on the same directory
        try (AuditStore store = database.open()) {
            List<Object> facts = store.engineState().load();

            // then
            assertThat(facts).filteredOn(ActionTaken.class::isInstance).map(ActionTaken.class::cast)
                    .extracting(ActionTaken::getRequestId, ActionTaken::getVerifiedSuccess, ActionTaken::isIntrusive)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("r-1", null, true),
                            org.assertj.core.groups.Tuple.tuple("r-2", true, false));
            assertThat(facts).filteredOn(Cooldown.class::isInstance).map(Cooldown.class::cast)
                    .extracting(Cooldown::getEndsAt).containsExactly(300_000L);
            assertThat(facts).filteredOn(AreaFreeze.class::isInstance).map(AreaFreeze.class::cast)
                    .extracting(AreaFreeze::getArea, AreaFreeze::getReason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("svc-b", "3 consecutive fixes failed"));
            assertThat(facts).filteredOn(FailureStreak.class::isInstance).map(FailureStreak.class::cast)
                    .extracting(FailureStreak::getFailures).containsExactly(2);
        }
    }

    @Test
    void shouldReplaceAnUpdatedFactAndForgetARemovedOne() {
        try (AuditStore store = database.open()) {
            EngineStateStore guards = store.engineState();
            guards.save(new ActionTaken("r-1", "svc-a", "svc-a", "restart", true, 1_000L, null, false));
            guards.save(new ActionTaken("r-1", "svc-a", "svc-a", "restart", true, 1_000L, false, true));
            AreaFreeze freeze = new AreaFreeze("svc-b", 5_000L, 10_000L, "x");
            guards.save(freeze);

            guards.remove(freeze);

            List<Object> facts = guards.load();
            assertThat(facts).hasSize(1);
            assertThat(((ActionTaken) facts.get(0)).getVerifiedSuccess()).isFalse();
            assertThat(((ActionTaken) facts.get(0)).isStreakCounted()).isTrue();
        }
    }

    @Test
    void shouldRestoreOpenWorkExactlyAsItWas() {
        // given: an incident acting on its second step, with a proposal, an approval and a request in flight
        io.healingengine.domain.Incident incident = new io.healingengine.domain.Incident("svc-a",
                io.healingengine.domain.IncidentKind.POLICY, "critical-latency-spike", 10,
                List.of("restart", "scale-up"), 30_000, 300, "latency below 500", "policy:critical-latency-spike", 1_000);
        incident.advance();
        incident.setStatus(io.healingengine.domain.IncidentStatus.PROPOSED);
        io.healingengine.domain.RemediationProposal proposal = new io.healingengine.domain.RemediationProposal(incident, 2_000);
        proposal.setLimits(new io.healingengine.domain.GuardLimits("default"));
        io.healingengine.domain.ApprovalRequest approval = new io.healingengine.domain.ApprovalRequest(proposal, 2_000);
        proposal.setApprovalId(approval.getId());
        io.healingengine.domain.ActionRequest request = new io.healingengine.domain.ActionRequest(proposal, 3_000);
        try (AuditStore store = database.open()) {
            EngineStateStore state = store.engineState();
            state.save(incident.state());
            state.save(proposal.state());
            state.save(approval.state());
            state.save(request.state());
        }

        // when
        List<Object> restored;
        try (AuditStore store = database.open()) {
            restored = store.engineState().load();
        }

        // then: equal states, in the order incidents, proposals, approvals, requests
        assertThat(restored).hasSize(4);
        assertThat(((io.healingengine.domain.Incident) restored.get(0)).state()).isEqualTo(incident.state());
        assertThat(((io.healingengine.domain.RemediationProposal) restored.get(1)).state()).isEqualTo(proposal.state());
        assertThat(((io.healingengine.domain.ApprovalRequest) restored.get(2)).state()).isEqualTo(approval.state());
        assertThat(((io.healingengine.domain.ActionRequest) restored.get(3)).state()).isEqualTo(request.state());
    }

    @Test
    void shouldRestoreAnAlertWithItsEpisodeAndTheIncidentThatAnswersIt() {
        io.healingengine.domain.Alert alert = new io.healingengine.domain.Alert("6f31df29d9ca987a", "demo-checkout",
                "DemoHighLatency", "critical", java.util.Map.of("team", "sre", "service", "demo-checkout"),
                "High p99 latency", 1_000L, true, 2_000L);
        alert.setIncidentId("incident-1");
        alert.resolve(1_000L, 5_000L);
        try (AuditStore store = database.open()) {
            store.engineState().save(alert.state());
        }

        try (AuditStore store = database.open()) {
            List<Object> facts = store.engineState().load();

            assertThat(facts).singleElement().isInstanceOfSatisfying(io.healingengine.domain.Alert.class,
                    restored -> assertThat(restored.state()).isEqualTo(alert.state()));
            store.engineState().remove(alert.state());
            assertThat(store.engineState().load()).isEmpty();
        }
    }
}
