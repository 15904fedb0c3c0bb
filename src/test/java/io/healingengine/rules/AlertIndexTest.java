package io.healingengine.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.domain.Alert;
import io.healingengine.rules.AlertIndex.Change;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AlertIndex}: one Alert fact per fingerprint, updated in place; repeats and late deliveries change nothing. */
class AlertIndexTest {
    private static final long T = RuleHarness.START - 60_000;

    private final RuleHarness harness = RuleHarness.of("rules/alerts/episodes.drl");
    private final AlertIndex index = new AlertIndex(harness.session(), 3);

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private Change report(String fingerprint, long startsAt, boolean firing) {
        return index.apply(new Alert(fingerprint, "svc-a", "HighLatency", "critical", Map.of(), "", startsAt, firing,
                harness.now()));
    }

    @Test
    void shouldHoldOneFactPerFingerprintWhenTheSameAlertIsRepeated() {
        assertThat(report("a1", T, true)).isEqualTo(Change.OPENED);
        Alert held = index.find("a1").orElseThrow();

        assertThat(report("a1", T, true)).isEqualTo(Change.UNCHANGED);
        assertThat(report("a1", T, true)).isEqualTo(Change.UNCHANGED);

        assertThat(harness.facts(Alert.class)).containsExactly(held);
        assertThat(held.isFiring()).isTrue();
    }

    @Test
    void shouldResolveTheHeldAlertAndIgnoreALateRepeatOfItsFiring() {
        report("a1", T, true);

        assertThat(report("a1", T, false)).isEqualTo(Change.RESOLVED);
        assertThat(report("a1", T, false)).isEqualTo(Change.UNCHANGED);
        assertThat(report("a1", T, true)).as("the same episode after its resolve").isEqualTo(Change.STALE);

        Alert held = index.find("a1").orElseThrow();
        assertThat(held.isFiring()).isFalse();
        assertThat(held.getResolvedAt()).isEqualTo(harness.now());
    }

    @Test
    void shouldStartANewEpisodeWhenTheAlertFiresWithALaterStart() {
        report("a1", T, true);
        Alert held = index.find("a1").orElseThrow();
        held.setIncidentId("incident-1");
        held.setSettled(true);
        report("a1", T, false);

        assertThat(report("a1", T + 120_000, true)).isEqualTo(Change.REFIRED);

        assertThat(index.find("a1")).containsSame(held);
        assertThat(held.isFiring()).isTrue();
        assertThat(held.getStartsAt()).isEqualTo(T + 120_000);
        assertThat(held.getIncidentId()).isNull();
        assertThat(held.isSettled()).isFalse();
        assertThat(held.getResolvedAt()).isZero();
    }

    @Test
    void shouldIgnoreADeliveryOlderThanTheHeldEpisode() {
        report("a1", T, true);

        assertThat(report("a1", T - 1, true)).isEqualTo(Change.STALE);
        assertThat(report("a1", T - 1, false)).isEqualTo(Change.STALE);
        assertThat(index.find("a1").orElseThrow().isFiring()).isTrue();
    }

    @Test
    void shouldEndTheHeldEpisodeWhenALaterEpisodesResolveArrives() {
        report("a1", T, true);
        index.find("a1").orElseThrow().setIncidentId("incident-1");

        assertThat(report("a1", T + 60_000, false)).isEqualTo(Change.RESOLVED);

        Alert held = index.find("a1").orElseThrow();
        assertThat(held.isFiring()).isFalse();
        assertThat(held.getIncidentId()).as("its incident sees the resolve").isEqualTo("incident-1");
        assertThat(report("a1", T + 60_000, true)).as("a late repeat of that episode").isEqualTo(Change.STALE);
    }

    @Test
    void shouldHoldNothingForAResolveOfAnUnknownAlert() {
        assertThat(report("a1", T, false)).isEqualTo(Change.NOT_HELD);
        assertThat(index.find("a1")).isEmpty();
        assertThat(harness.facts(Alert.class)).isEmpty();
    }

    @Test
    void shouldRefuseANewFingerprintWhenTheIndexIsFull() {
        report("a1", T, true);
        report("a2", T, true);
        report("a3", T, true);

        assertThat(report("a4", T, true)).isEqualTo(Change.FULL);
        assertThat(report("a1", T, true)).as("held alerts still count").isEqualTo(Change.UNCHANGED);
        assertThat(index.size()).isEqualTo(3);
        assertThat(Change.FULL.word()).isEqualTo("refused");
        assertThat(Change.NOT_HELD.word()).isEqualTo("not-held");
    }

    @Test
    void shouldAdoptAnAlertRestoredIntoTheSessionAndForgetOneARuleDeletes() {
        Alert restored = new Alert("a9", "svc-a", "HighLatency", "", Map.of(), "", T, true, harness.now());

        harness.insert(restored);
        assertThat(index.find("a9")).containsSame(restored);
        assertThat(report("a9", T, true)).isEqualTo(Change.UNCHANGED);

        harness.delete(restored);
        assertThat(index.find("a9")).isEmpty();
        assertThat(report("a9", T, true)).isEqualTo(Change.OPENED);
    }
}
