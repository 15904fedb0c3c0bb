package io.healingengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-service, per-class counts of errors in the last minute that policies match as metrics. */
class FailureCountsTest {
    private final FailureCounts counts = new FailureCounts();

    @Test
    void shouldCountErrorsPerServiceAndClassAndReportOnlyWhatChanged() {
        // given
        counts.record("checkout", "out-of-memory", 1_000);
        counts.record("checkout", "out-of-memory", 2_000);
        counts.record("billing", "crashed", 2_500);

        // when / then: both counts, once
        assertThat(counts.changes(3_000)).containsExactlyInAnyOrder(
                new FailureCounts.Count("checkout", "failures:out-of-memory", 2),
                new FailureCounts.Count("billing", "failures:crashed", 1));
        assertThat(counts.changes(4_000)).isEmpty();
    }

    @Test
    void shouldLowerACountAsItsErrorsAgeOutOfTheMinuteAndReportZeroOnce() {
        // given: two errors 10 s apart
        counts.record("checkout", "out-of-memory", 0);
        counts.record("checkout", "out-of-memory", 10_000);
        counts.changes(10_000);

        // when / then: the first ages out after 60 s, the second 10 s later; then nothing more to say
        assertThat(counts.changes(60_001)).containsExactly(new FailureCounts.Count("checkout", "failures:out-of-memory", 1));
        assertThat(counts.changes(70_001)).containsExactly(new FailureCounts.Count("checkout", "failures:out-of-memory", 0));
        assertThat(counts.changes(200_000)).isEmpty();
    }
}
