package io.healingengine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadPhasesTest {
    @Test
    void shouldReportAFlatHeapAsNoTrendAndAGrowingOneAsItsGrowthPerMinute() {
        // given: samples every 30 s, one set steady around 200 MiB, one growing by 5 MiB per sample
        List<Double> steady = List.of(200.0, 210.0, 190.0, 190.0, 210.0, 200.0);
        List<Double> growing = List.of(200.0, 205.0, 210.0, 215.0, 220.0);

        // then: the steady heap has no trend, the growing one grows 10 MiB a minute
        assertThat(LoadPhases.slopeMibPerMinute(steady, 30)).isCloseTo(0.0, within(1e-9));
        assertThat(LoadPhases.slopeMibPerMinute(growing, 30)).isCloseTo(10.0, within(1e-9));
    }
}
