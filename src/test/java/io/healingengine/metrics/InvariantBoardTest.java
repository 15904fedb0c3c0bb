package io.healingengine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.metrics.InvariantViolation.Finding;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The board of open violations: since when, when they clear, and a checker that stopped checking. */
class InvariantBoardTest {
    private static final Instant T0 = Instant.parse("2026-11-23T06:00:00Z");
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InvariantBoard board = new InvariantBoard(clock, registry, 1_000);

    @Test
    void shouldKeepTheFirstSightingAsSinceWhileACheckKeepsFindingIt() {
        // given
        board.checked("session", List.of(overdue("req-1")));

        // when
        now = T0.plusSeconds(5);
        board.checked("session", List.of(overdue("req-1")));

        // then
        assertThat(board.open()).singleElement().satisfies(v -> {
            assertThat(v.invariant()).isEqualTo("action_overdue");
            assertThat(v.subject()).isEqualTo("req-1");
            assertThat(v.since()).isEqualTo(T0);
            assertThat(v.lastSeen()).isEqualTo(T0.plusSeconds(5));
        });
        assertThat(registry.counter(MetricNames.INVARIANT_VIOLATIONS, TagNames.INVARIANT, "action_overdue").count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldClearAViolationWhenTheNextCheckNoLongerFindsIt() {
        board.checked("session", List.of(overdue("req-1"), overdue("req-2")));

        board.checked("session", List.of(overdue("req-2")));

        assertThat(board.open()).extracting(InvariantViolation::subject).containsExactly("req-2");
    }

    @Test
    void shouldKeepAnEventOpenForItsWindowAndNoLonger() {
        board.occurred(new Finding("thread_blocked", "vert.x-worker-thread-3", "worker thread blocked for 250 ms"));

        now = T0.plusMillis(1_000);
        assertThat(board.open()).extracting(InvariantViolation::invariant).containsExactly("thread_blocked");
        now = T0.plusMillis(1_001);
        assertThat(board.open()).isEmpty();
    }

    @Test
    void shouldReportAStalledCheckerWhenASourceMissesThreePeriods() {
        // given: the session promises a check every second and checks once
        board.expect("session", 1_000);
        board.checked("session", List.of());

        // when / then: three periods are tolerated, a fourth is not
        now = T0.plus(Duration.ofMillis(3_000));
        assertThat(board.open()).isEmpty();
        now = T0.plus(Duration.ofMillis(3_500));
        assertThat(board.open()).singleElement().satisfies(v -> {
            assertThat(v.invariant()).isEqualTo("self_watch_stalled");
            assertThat(v.subject()).isEqualTo("session");
            assertThat(v.detail()).isEqualTo("no check of session for 3500 ms (expected every 1000 ms)");
            assertThat(v.since()).isEqualTo(T0.plusMillis(3_000));
        });
    }

    private static Finding overdue(String request) {
        return new Finding("action_overdue", request, "restart on billing in flight for 9000 ms");
    }
}
