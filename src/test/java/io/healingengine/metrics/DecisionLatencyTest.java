package io.healingengine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionLatencyTest {
    private final DecisionLatency latency = new DecisionLatency(Clock.systemUTC());

    @Test
    void shouldReportExactPercentilesOfTheRecordedLatencies() {
        // given: 1,000 dispatches, the i-th one i × 10 µs after its signal was accepted
        for (int i = 1; i <= 1_000; i++) {
            latency.recordMicros(i * 10L);
        }

        // when
        Map<String, Object> figures = latency.summary();

        // then: p50 = 5 ms, p99 = 9.9 ms and max = 10 ms, to the histogram's 3 significant digits
        assertThat(figures.get("count")).isEqualTo(1_000L);
        assertThat((double) figures.get("p50Ms")).isCloseTo(5.0, within(0.01));
        assertThat((double) figures.get("p99Ms")).isCloseTo(9.9, within(0.01));
        assertThat((double) figures.get("maxMs")).isCloseTo(10.0, within(0.01));
    }

    @Test
    void shouldKeepCountingAcrossReadsAndStartAgainOnReset() {
        // given: two dispatches read once, then a third
        latency.recordMicros(1_000);
        long now = System.nanoTime();
        latency.record(now - 1_000_000, now - 600_000, now - 200_000);
        latency.summary();
        latency.recordMicros(1_000);

        // then: a read counts every dispatch since start, not since the last read
        assertThat(latency.summary().get("count")).isEqualTo(3L);

        // and after a reset nothing is counted
        latency.reset();
        assertThat(latency.summary().get("count")).isEqualTo(0L);
    }
}
