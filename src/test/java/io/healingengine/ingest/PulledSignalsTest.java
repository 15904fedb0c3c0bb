package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.bus.Signal;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.PrometheusQueryConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.PromQlResult.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PulledSignalsTest {
    private static final PrometheusQueryConfig BY_JOB =
            new PrometheusQueryConfig("latency", "q", "job", null, "latency_p99");
    private static final InventoryConfig ANY_SERVICE = InventoryConfig.ofDefaults();

    @Test
    void shouldTurnEachSeriesIntoASignalOfTheServiceItsLabelNames() {
        // when
        PulledSignals.Outcome outcome = PulledSignals.of(BY_JOB, List.of(
                sample(Map.of("job", "checkout", "instance", "a:1"), 742.5),
                sample(Map.of("job", "orders"), 12)), ANY_SERVICE);

        // then
        assertThat(outcome.signals()).containsExactly(
                new Signal("checkout", "latency_p99", 742.5, 1_000L, Map.of()),
                new Signal("orders", "latency_p99", 12, 1_000L, Map.of()));
        assertThat(outcome.problems()).isEmpty();
    }

    @Test
    void shouldGiveEverySampleTheFixedServiceOfTheQuery() {
        // given
        PrometheusQueryConfig fixed = new PrometheusQueryConfig("queue", "scalar(q)", null, "orders", "queue_depth");

        // when
        PulledSignals.Outcome outcome = PulledSignals.of(fixed, List.of(sample(Map.of(), 7)), ANY_SERVICE);

        // then
        assertThat(outcome.signals()).containsExactly(new Signal("orders", "queue_depth", 7, 1_000L, Map.of()));
    }

    @Test
    void shouldDropOnlyTheBadSamplesAndSayOnceWhyForEachReason() {
        // when
        PulledSignals.Outcome outcome = PulledSignals.of(BY_JOB, List.of(
                sample(Map.of("job", "checkout"), 742.5),
                sample(Map.of("instance", "a:1"), 1),
                sample(Map.of("instance", "b:1"), 2),
                sample(Map.of("job", "rm -rf /"), 3),
                sample(Map.of("job", "orders"), Double.NaN),
                sample(Map.of("job", "search"), Double.POSITIVE_INFINITY),
                sample(Map.of("job", "cart", "instance", "a"), 4),
                sample(Map.of("job", "cart", "instance", "b"), 5)), ANY_SERVICE);

        // then: checkout goes on; one occurrence per reason, with the count and the first offender
        assertThat(outcome.signals()).extracting(Signal::service).containsExactly("checkout");
        assertThat(outcome.problems()).extracting(o -> o.problem().reason())
                .containsExactly("not_finite", "missing_label", "invalid_service", "duplicate_service");
        assertThat(outcome.problems().get(0).detail()).startsWith("2 samples dropped, the first: NaN for orders");
        assertThat(outcome.problems().get(1).detail()).isEqualTo(
                "2 samples dropped, the first: no label 'job' on series {instance=a:1}");
        assertThat(outcome.problems().get(2).detail()).startsWith("1 sample dropped: job='rm -rf /' is not a service id");
        assertThat(outcome.problems().get(3).detail()).isEqualTo(
                "2 samples dropped, the first: 2 series name cart; aggregate by the label, e.g. max by (job) (...)");
    }

    @Test
    void shouldSayASeriesWithoutLabelsNeedsTheLabelKeptOrAFixedService() {
        // when
        PulledSignals.Outcome outcome = PulledSignals.of(BY_JOB, List.of(sample(Map.of(), 1)), ANY_SERVICE);

        // then
        assertThat(outcome.signals()).isEmpty();
        assertThat(outcome.problems().get(0).detail()).contains("aggregation without by (job)");
    }

    @Test
    void shouldDropServicesOutsideTheInventoryWhenAutoRegisterIsOff() {
        // given
        InventoryConfig listedOnly = new InventoryConfig(false, null,
                List.of(new ServiceConfig("checkout", null, null, null, null, null, null)));

        // when
        PulledSignals.Outcome outcome = PulledSignals.of(BY_JOB, List.of(
                sample(Map.of("job", "checkout"), 1), sample(Map.of("job", "stranger"), 2)), listedOnly);

        // then
        assertThat(outcome.signals()).extracting(Signal::service).containsExactly("checkout");
        assertThat(outcome.problems()).extracting(o -> o.problem().reason()).containsExactly("unknown_service");
        assertThat(outcome.problems().get(0).detail()).contains("stranger is not in the inventory");
    }

    private static Sample sample(Map<String, String> labels, double value) {
        return new Sample(labels, 1_000L, value);
    }
}
