package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Liveness;
import io.healingengine.domain.MetricState;
import io.healingengine.domain.ServiceDown;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rules/liveness/heartbeat.drl: liveness comes from heartbeats only. */
class HeartbeatRulesTest {
    private static final String DOWN = "service-down-on-missed-heartbeats";
    private static final String UP = "service-up-on-heartbeat-resumed";

    private final RuleHarness harness = RuleHarness.of("rules/liveness/heartbeat.drl");

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    /** 1 s interval, 3 missed heartbeats allowed: down once silent for more than 3 s. */
    private Liveness watched() {
        Liveness liveness = new Liveness("svc-a", 1000, 3, harness.now());
        harness.insert(liveness).fireAll();
        return liveness;
    }

    private void heartbeat(Liveness liveness) {
        liveness.setLastHeartbeatAt(harness.now());
        harness.update(liveness);
    }

    @Test
    void shouldNotMarkServiceDownWhenSilentForExactlyMissedLimitIntervals() {
        Liveness liveness = watched();

        harness.advance(Duration.ofMillis(3000)).fireAll();

        assertThat(harness.firedRules()).isEmpty();
        assertThat(liveness.isDown()).isFalse();
        assertThat(harness.facts(ServiceDown.class)).isEmpty();
    }

    @Test
    void shouldMarkServiceDownWhenSilentOneMsLongerThanMissedLimitIntervals() {
        Liveness liveness = watched();

        harness.advance(Duration.ofMillis(3001)).fireAll();

        assertThat(harness.firedRules()).containsExactly(DOWN);
        assertThat(liveness.isDown()).isTrue();
        assertThat(liveness.getDownSince()).isEqualTo(harness.now());
        ServiceDown down = harness.single(ServiceDown.class);
        assertThat(down.getServiceId()).isEqualTo("svc-a");
        assertThat(down.getAt()).isEqualTo(harness.now());
        assertThat(down.isHandled()).isFalse();
        assertThat(down.getReason()).isEqualTo("no heartbeat for 3001 ms (limit 3 x 1000 ms)");
    }

    @Test
    void shouldPostponeDeadlineWhenHeartbeatArrives() {
        Liveness liveness = watched();
        harness.advance(Duration.ofMillis(2000));
        heartbeat(liveness);
        harness.fireAll();

        harness.advance(Duration.ofMillis(3000)).fireAll();   // 5 s since watching, 3 s since the heartbeat

        assertThat(harness.firedRules()).isEmpty();
        assertThat(liveness.isDown()).isFalse();

        harness.advance(Duration.ofMillis(1)).fireAll();

        assertThat(harness.firedRules()).containsExactly(DOWN);
        assertThat(harness.single(ServiceDown.class).getReason()).startsWith("no heartbeat for 3001 ms");
    }

    @Test
    void shouldInsertOneServiceDownWhenServiceStaysSilent() {
        Liveness liveness = watched();
        harness.advance(Duration.ofMillis(3001)).fireAll();

        for (int i = 0; i < 10; i++) {
            harness.advance(Duration.ofSeconds(1)).fireAll();
        }

        assertThat(harness.firedRules()).containsExactly(DOWN);
        assertThat(harness.facts(ServiceDown.class)).hasSize(1);
        assertThat(liveness.isDown()).isTrue();
    }

    @Test
    void shouldMarkServiceUpWhenHeartbeatResumesAfterDown() {
        Liveness liveness = watched();
        harness.advance(Duration.ofMillis(3001)).fireAll();
        long downSince = harness.now();
        harness.clearFired();

        harness.advance(Duration.ofMillis(500));
        heartbeat(liveness);
        harness.fireAll();

        assertThat(harness.firedRules()).containsExactly(UP);
        assertThat(liveness.isDown()).isFalse();
        assertThat(liveness.getDownSince()).isEqualTo(downSince);
        assertThat(harness.facts(ServiceDown.class)).hasSize(1);
    }

    @Test
    void shouldKeepServiceDownWhenNoHeartbeatCameAfterItWentDown() {
        Liveness liveness = watched();
        harness.advance(Duration.ofMillis(3001)).fireAll();
        harness.clearFired();

        harness.advance(Duration.ofMinutes(5)).fireAll();

        assertThat(harness.firedRules()).doesNotContain(UP);
        assertThat(liveness.isDown()).isTrue();
    }

    @Test
    void shouldMarkServiceDownAgainWhenSilentAfterComingBack() {
        Liveness liveness = watched();
        harness.advance(Duration.ofMillis(3001)).fireAll();
        harness.advance(Duration.ofMillis(500));
        heartbeat(liveness);
        harness.fireAll();
        harness.clearFired();

        harness.advance(Duration.ofMillis(3000)).fireAll();
        assertThat(harness.firedRules()).isEmpty();
        harness.advance(Duration.ofMillis(1)).fireAll();

        assertThat(harness.firedRules()).containsExactly(DOWN);
        assertThat(liveness.isDown()).isTrue();
        assertThat(liveness.getDownSince()).isEqualTo(harness.now());
        assertThat(harness.facts(ServiceDown.class)).hasSize(2);
    }

    @Test
    void shouldNeverMarkServiceDownWhenItHeartbeatsWithoutAnyMetrics() {
        Liveness liveness = watched();
        assertThat(harness.facts(MetricState.class)).isEmpty();

        for (int second = 0; second < 120; second++) {
            harness.advance(Duration.ofSeconds(1));
            heartbeat(liveness);
            harness.fireAll();
        }

        assertThat(harness.firedRules()).isEmpty();
        assertThat(liveness.isDown()).isFalse();
        assertThat(harness.facts(ServiceDown.class)).isEmpty();
    }

    @Test
    void shouldHonourTheStartUpGraceOnlyUntilTheFirstHeartbeat() {
        // given: a 10 s start-up grace, and a service that heartbeats once right away
        io.healingengine.domain.Liveness graced = new io.healingengine.domain.Liveness("svc-g", 1000, 3, harness.now(),
                10_000);
        harness.insert(graced).fireAll();
        graced.setLastHeartbeatAt(harness.now());
        harness.update(graced);

        // when: it falls silent for just over three intervals, well inside the grace
        harness.advance(java.time.Duration.ofMillis(3001)).fireAll();

        // then: it is down at once; the grace was for its first heartbeat only
        assertThat(graced.isDown()).isTrue();
    }

    @Test
    void shouldWaitForTheStartUpGraceBeforeTheFirstHeartbeat() {
        io.healingengine.domain.Liveness graced = new io.healingengine.domain.Liveness("svc-g", 1000, 3, harness.now(),
                10_000);
        harness.insert(graced).fireAll();

        harness.advance(java.time.Duration.ofMillis(9_999)).fireAll();
        assertThat(graced.isDown()).isFalse();
        harness.advance(java.time.Duration.ofMillis(2)).fireAll();

        assertThat(graced.isDown()).isTrue();
    }
}
