package io.healingengine.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an exit status says, and no more: above 128 a signal or an exit code alike, unknown for a non-child. */
class ProcessExitTest {

    @ParameterizedTest(name = "status {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            0    | EXIT    | pid 42 exited with code 0
            3    | EXIT    | pid 42 exited with code 3
            128  | EXIT    | pid 42 exited with code 128
            129  | SIGNAL  | pid 42 exited with status 129 (SIGHUP, or exit(129))
            130  | SIGNAL  | pid 42 exited with status 130 (SIGINT, or exit(130))
            137  | SIGNAL  | pid 42 exited with status 137 (SIGKILL, or exit(137))
            143  | SIGNAL  | pid 42 exited with status 143 (SIGTERM, or exit(143))
            200  | SIGNAL  | pid 42 exited with status 200 (signal 72, or exit(200))
            255  | SIGNAL  | pid 42 exited with status 255 (signal 127, or exit(255))
            null | UNKNOWN | pid 42 exited (not the engine's child: its exit status is unknown)
            """)
    void shouldDescribeTheCauseAnExitStatusAllowsWithoutClaimingMore(Integer status, ExitCause cause, String said) {
        // given / when
        ProcessExit exit = new ProcessExit("web", 42, status, false, 0);

        // then
        assertThat(exit.getCause()).isEqualTo(cause);
        assertThat(exit.describe()).isEqualTo(said);
        assertThat(cause.word()).isEqualTo(cause.name().toLowerCase());
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {-1, 256})
    void shouldRefuseAStatusNoProcessCanEndWith(int status) {
        assertThatThrownBy(() -> new ProcessExit("web", 42, status, false, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exitStatus must be 0-255 or null, but was " + status);
    }
}
