package io.healingengine.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoftHeapLimitTest {
    private static final long MIB = 1L << 20;

    @Test
    void shouldAimAtAQuarterOfTheMaximumHeapWhenThatIsMoreThanOneGib() {
        // given the maximum heap of a 24 GiB machine (a quarter of its memory) / when / then
        assertThat(SoftHeapLimit.goalBytes(6_028 * MIB)).isEqualTo(1_507 * MIB);
    }

    @Test
    void shouldAimAtOneGibWhenAQuarterOfTheMaximumHeapIsLess() {
        assertThat(SoftHeapLimit.goalBytes(2_048 * MIB)).isEqualTo(1_024 * MIB);
    }

    @Test
    void shouldNeverAimAboveTheMaximumHeapWhichTheJvmWouldRefuse() {
        // given a small container: the JVM gave itself 256 MiB
        assertThat(SoftHeapLimit.goalBytes(256 * MIB)).isEqualTo(256 * MIB);
    }
}
