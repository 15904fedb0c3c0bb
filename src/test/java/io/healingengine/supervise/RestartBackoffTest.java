package io.healingengine.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RestartBackoff: quick restarts wait longer and longer; a healthy period makes the next one immediate. */
class RestartBackoffTest {
    private final RestartBackoff backoff = new RestartBackoff(500, 4_000, 60_000);

    @Test
    void shouldStartAtOnceTheFirstTime() {
        assertThat(backoff.delayBeforeStart(0)).isZero();
    }

    @Test
    void shouldDoubleTheDelayForEachQuickRestartInARowUpToTheMaximum() {
        long now = 0;
        backoff.delayBeforeStart(now);
        StringBuilder delays = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            now += 1_000; // each process lives a second after its start: far from healthy
            long delay = backoff.delayBeforeStart(now);
            delays.append(delay).append(' ');
            now += delay;
        }

        assertThat(delays.toString().trim()).isEqualTo("500 1000 2000 4000 4000 4000");
        assertThat(backoff.streak()).isEqualTo(6);
    }

    @Test
    void shouldRestartAtOnceAgainAfterAProcessStayedUpForTheHealthyPeriod() {
        backoff.delayBeforeStart(0);
        backoff.delayBeforeStart(1_000);
        backoff.delayBeforeStart(2_500);

        long afterHealthyPeriod = backoff.delayBeforeStart(2_500 + 1_000 + 60_000);

        assertThat(afterHealthyPeriod).isZero();
        assertThat(backoff.streak()).isZero();
    }

    @Test
    void shouldRefuseAMaximumBelowTheFirstDelay() {
        assertThatThrownBy(() -> new RestartBackoff(500, 100, 60_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backoffMaxMs");
    }
}
