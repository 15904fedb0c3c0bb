package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.GuardBlock;
import io.healingengine.domain.GuardLimits;
import io.healingengine.domain.Incident;
import io.healingengine.domain.IncidentKind;
import io.healingengine.domain.IncidentStatus;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.RemediationProposal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * rules/guards/rate-limit.drl (per-minute and per-hour limits) with the ladder, the limits and the ledger:
 * at the engine-wide rate limit a proposal waits (a deferred block, never a refusal) and goes out once the
 * window has slid on; pages never wait; a flood of failures is dispatched at the rate limit, highest
 * priority first.
 */
class RateLimitGuardRulesTest {
    private static final String PER_MINUTE = "defer-at-rate-limit-per-minute";
    private static final String PER_HOUR = "defer-at-rate-limit-per-hour";
    private static final String SKIP = "skip-blocked-proposal";

    private final RuleHarness harness = RuleHarness.of("rules/remediation/ladder.drl", "rules/guards/limits.drl",
            "rules/guards/ledger.drl", "rules/guards/rate-limit.drl");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** The default row with the given rate limits; in-flight slots are plenty, so only the rate limit counts. */
    private GuardLimits limits(int perMinute, int perHour) {
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setActionsPerMinute(perMinute);
        limits.setActionsPerHour(perHour);
        limits.setMaxInFlight(1_000);
        harness.insert(limits);
        return limits;
    }

    /** Inserts a managed service and an OPEN incident for it, without firing. */
    private Incident failing(String serviceId, int priority, String... ladder) {
        harness.insert(new ManagedService(serviceId, "standard", false, 10_000));
        Incident incident = new Incident(serviceId, IncidentKind.POLICY, "p", priority, List.of(ladder), 30_000, 300,
                "", null, harness.now());
        harness.insert(incident);
        return incident;
    }

    private Incident failingNow(String serviceId, int priority) {
        Incident incident = failing(serviceId, priority, "restart", "alert-oncall");
        harness.fireAll();
        return incident;
    }

    private List<GuardBlock> blocksOf(Incident incident) {
        return harness.facts(GuardBlock.class).stream().filter(b -> b.getIncidentId().equals(incident.getId())).toList();
    }

    private List<String> eventsOf(Incident incident) {
        return harness.sink().steps().stream().filter(s -> s.incidentId().equals(incident.getId()))
                .map(RecordingSink.Step::event).toList();
    }

    private List<String> dispatchedServices() {
        return harness.sink().dispatched().stream().map(ActionRequest::getServiceId).toList();
    }

    @Test
    void shouldDispatchThirdActionWhenTwoRanInTheLastMinute() {
        limits(3, 500);
        failingNow("svc-a", 5);
        failingNow("svc-b", 5);

        Incident third = failingNow("svc-c", 5);

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart", "restart");
        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(PER_MINUTE, PER_HOUR);
        assertThat(harness.sink().events()).doesNotContain("guard_deferred", "guard_rejected");
    }

    @Test
    void shouldDeferFourthActionWhenThreeRanInTheLastMinute() {
        limits(3, 500);
        failingNow("svc-a", 5);
        failingNow("svc-b", 5);
        failingNow("svc-c", 5);

        Incident fourth = failingNow("svc-d", 5);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(blocksOf(fourth)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("rate-limit");
            assertThat(block.isDeferred()).isTrue();
            assertThat(block.getReason()).isEqualTo("3 actions in the last minute (limit 3 per minute)");
            assertThat(block.getLimit()).isEqualTo(3);
            assertThat(block.getCount()).isEqualTo(3);
            assertThat(block.getAction()).isEqualTo("restart");
            assertThat(block.getAt()).isEqualTo(harness.now());
        });
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(fourth.getStep()).isZero();
        assertThat(harness.facts(RemediationProposal.class)).singleElement()
                .satisfies(p -> assertThat(p.getIncidentId()).isEqualTo(fourth.getId()));
        assertThat(harness.firedRules()).contains(PER_MINUTE).doesNotContain(SKIP);
        assertThat(eventsOf(fourth)).containsExactly("action_proposed", "guard_deferred");
        assertThat(harness.sink().steps()).filteredOn(s -> s.event().equals("guard_deferred")).singleElement()
                .satisfies(s -> assertThat(s.detail()).startsWith("rate-limit: ")
                        .contains("3 actions in the last minute (limit 3 per minute)").endsWith("restart waits"));
    }

    @Test
    void shouldKeepFourthActionWaitingWhenFirstActionIsNotYetAMinuteOld() {
        limits(3, 500);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofSeconds(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofSeconds(10));
        failingNow("svc-c", 5);
        harness.advance(Duration.ofSeconds(10));
        Incident fourth = failingNow("svc-d", 5);

        harness.advance(Duration.ofSeconds(30).minusMillis(1)).fireAll();      // first action is 59.999 s old

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(blocksOf(fourth)).singleElement().satisfies(block -> assertThat(block.isDeferred()).isTrue());
    }

    @Test
    void shouldDispatchWaitingActionWhenFirstActionOfTheMinuteLeavesTheWindow() {
        limits(3, 500);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofSeconds(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofSeconds(10));
        failingNow("svc-c", 5);
        harness.advance(Duration.ofSeconds(10));
        Incident fourth = failingNow("svc-d", 5);

        harness.advance(Duration.ofSeconds(30)).fireAll();                    // first action is 60 s old

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c", "svc-d");
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.sink().dispatched().get(3).getRequestedAt()).isEqualTo(harness.now());
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
        assertThat(eventsOf(fourth)).containsExactly("action_proposed", "guard_deferred", "action_started");
        assertThat(harness.sink().events()).doesNotContain("guard_rejected");
    }

    @Test
    void shouldDeferOneOfFourWhenFourServicesFailAtOnceWithLimitThree() {
        limits(3, 500);
        List<Incident> incidents = List.of(failing("svc-a", 5, "restart"), failing("svc-b", 5, "restart"),
                failing("svc-c", 5, "restart"), failing("svc-d", 5, "restart"));

        harness.fireAll();

        assertThat(harness.sink().dispatched()).hasSize(3);
        assertThat(incidents).filteredOn(i -> i.getStatus() == IncidentStatus.PROPOSED).singleElement()
                .satisfies(waiting -> assertThat(blocksOf(waiting)).singleElement()
                        .satisfies(block -> assertThat(block.getCount()).isEqualTo(3)));
    }

    @Test
    void shouldDispatchWaitingActionWhenMinuteHasPassedAfterABurst() {
        limits(3, 500);
        List<Incident> incidents = List.of(failing("svc-a", 5, "restart"), failing("svc-b", 5, "restart"),
                failing("svc-c", 5, "restart"), failing("svc-d", 5, "restart"));
        harness.fireAll();

        harness.advance(Duration.ofSeconds(60)).fireAll();

        assertThat(harness.sink().dispatched()).hasSize(4);
        assertThat(incidents).allSatisfy(i -> assertThat(i.getStatus()).isEqualTo(IncidentStatus.ACTING));
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldDeferFourthActionWhenThreeRanInTheLastHour() {
        limits(60, 3);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-c", 5);
        harness.advance(Duration.ofMinutes(10));

        Incident fourth = failingNow("svc-d", 5);

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(blocksOf(fourth)).singleElement().satisfies(block -> {
            assertThat(block.getGuard()).isEqualTo("rate-limit");
            assertThat(block.isDeferred()).isTrue();
            assertThat(block.getReason()).isEqualTo("3 actions in the last hour (limit 3 per hour)");
            assertThat(block.getLimit()).isEqualTo(3);
            assertThat(block.getCount()).isEqualTo(3);
        });
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(harness.firedRules()).contains(PER_HOUR).doesNotContain(PER_MINUTE, SKIP);
        assertThat(eventsOf(fourth)).containsExactly("action_proposed", "guard_deferred");
    }

    @Test
    void shouldDispatchThirdActionWhenTwoRanInTheLastHour() {
        limits(60, 3);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofMinutes(10));

        Incident third = failingNow("svc-c", 5);

        assertThat(third.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.firedRules()).doesNotContain(PER_HOUR);
    }

    @Test
    void shouldKeepWaitingWhenFirstActionIsNotYetAnHourOld() {
        limits(60, 3);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-c", 5);
        harness.advance(Duration.ofMinutes(10));
        Incident fourth = failingNow("svc-d", 5);

        harness.advance(Duration.ofMinutes(30).minusMillis(1)).fireAll();

        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.PROPOSED);
        assertThat(harness.sink().dispatched()).hasSize(3);
    }

    @Test
    void shouldDispatchWaitingActionWhenFirstActionOfTheHourLeavesTheWindow() {
        limits(60, 3);
        failingNow("svc-a", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-b", 5);
        harness.advance(Duration.ofMinutes(10));
        failingNow("svc-c", 5);
        harness.advance(Duration.ofMinutes(10));
        Incident fourth = failingNow("svc-d", 5);

        harness.advance(Duration.ofMinutes(30)).fireAll();

        assertThat(dispatchedServices()).containsExactly("svc-a", "svc-b", "svc-c", "svc-d");
        assertThat(fourth.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
    }

    @Test
    void shouldNeverDeferPageWhenRateLimitIsReached() {
        limits(3, 3);
        failingNow("svc-a", 5);
        failingNow("svc-b", 5);
        failingNow("svc-c", 5);

        Incident page = failing("svc-d", 5, "alert-oncall");
        harness.fireAll();

        assertThat(harness.sink().dispatchedActions()).containsExactly("restart", "restart", "restart", "alert-oncall");
        assertThat(page.getStatus()).isEqualTo(IncidentStatus.ACTING);
        assertThat(blocksOf(page)).isEmpty();
        assertThat(eventsOf(page)).doesNotContain("guard_deferred");
    }

    // --- the load test: 100 services failing at once ---------------------------------------------

    /** 100 services fail at once, priorities 1..10 (ten of each), with the seed default 60 actions a minute. */
    private List<Incident> hundredServicesFailAtOnce() {
        GuardLimits limits = new GuardLimits(GuardLimits.DEFAULT_TIER);
        limits.setMaxInFlight(1_000);
        harness.insert(limits);
        List<Incident> incidents = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            incidents.add(failing("svc-%03d".formatted(n), 1 + n % 10, "restart", "alert-oncall"));
        }
        harness.fireAll();
        return incidents;
    }

    private static List<Integer> prioritiesOf(List<Incident> incidents, IncidentStatus status) {
        return incidents.stream().filter(i -> i.getStatus() == status).map(Incident::getPriority).toList();
    }

    @Test
    void shouldDispatchExactlyTheRateLimitWithinTheFirstMinuteWhenHundredServicesFailAtOnce() {
        List<Incident> incidents = hundredServicesFailAtOnce();

        harness.advance(Duration.ofSeconds(60).minusMillis(1)).fireAll();

        assertThat(harness.sink().dispatched()).hasSize(60);
        assertThat(prioritiesOf(incidents, IncidentStatus.ACTING)).hasSize(60);
        assertThat(prioritiesOf(incidents, IncidentStatus.PROPOSED)).hasSize(40);
        assertThat(harness.facts(GuardBlock.class)).hasSize(40).allSatisfy(block -> {
            assertThat(block.getGuard()).isEqualTo("rate-limit");
            assertThat(block.isDeferred()).isTrue();
            assertThat(block.getLimit()).isEqualTo(60);
            assertThat(block.getCount()).isEqualTo(60);
        });
        assertThat(harness.sink().events()).doesNotContain("guard_rejected");
    }

    @Test
    void shouldDispatchHighestPrioritiesFirstWhenHundredServicesFailAtOnce() {
        List<Incident> incidents = hundredServicesFailAtOnce();

        List<Integer> dispatched = harness.sink().dispatched().stream().map(ActionRequest::getPriority).toList();
        List<Integer> waiting = prioritiesOf(incidents, IncidentStatus.PROPOSED);
        assertThat(dispatched).hasSize(60).isSortedAccordingTo((a, b) -> b - a);
        assertThat(waiting).hasSize(40);
        assertThat(dispatched.stream().mapToInt(Integer::intValue).min().orElseThrow())
                .isGreaterThanOrEqualTo(waiting.stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertThat(dispatched).containsOnly(10, 9, 8, 7, 6, 5);
        assertThat(waiting).containsOnly(4, 3, 2, 1);
    }

    @Test
    void shouldDispatchTheRestWhenTheFirstMinuteHasSlidOnAfterHundredServicesFailed() {
        List<Incident> incidents = hundredServicesFailAtOnce();
        harness.clearFired();

        harness.advance(Duration.ofSeconds(60)).fireAll();

        assertThat(harness.sink().dispatched()).hasSize(40)
                .map(ActionRequest::getPriority).isSortedAccordingTo((a, b) -> b - a).containsOnly(4, 3, 2, 1);
        assertThat(prioritiesOf(incidents, IncidentStatus.ACTING)).hasSize(100);
        assertThat(harness.facts(GuardBlock.class)).isEmpty();
        assertThat(harness.facts(RemediationProposal.class)).isEmpty();
    }
}
