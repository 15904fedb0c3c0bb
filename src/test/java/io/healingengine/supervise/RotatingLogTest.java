package io.healingengine.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RotatingLog: a supervised process's output goes to a file rotated at a size, keeping a number of old ones. */
class RotatingLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldRotateAtTheSizeAndKeepOnlyTheNewestFiles() throws IOException {
        // given: 12 lines of 1000 bytes, a file limit of 2048 bytes, 2 rotated files kept
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            output.append(String.format("%04d", i)).append("x".repeat(995)).append('\n');
        }
        Path file = dir.resolve("web.out.log");

        // when: the output is copied as the process writes it (here: all at once, in 8 KiB reads)
        new RotatingLog(new ByteArrayInputStream(output.toString().getBytes(StandardCharsets.UTF_8)), file, 2048, 2)
                .run();

        // then: the current file and two rotated ones, none above the limit, the newest output in the current one
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("web.out.log", "web.out.log.1", "web.out.log.2");
        }
        assertThat(Files.size(file)).isPositive().isLessThanOrEqualTo(2048);
        assertThat(Files.readString(file)).endsWith("x\n").contains("0011");
        assertThat(Files.readString(dir.resolve("web.out.log.2"))).doesNotContain("0011");
    }

    @Test
    void shouldAppendToTheFileOfAnEarlierProcess() throws IOException {
        Path file = Files.writeString(dir.resolve("web.err.log"), "before the restart\n");

        new RotatingLog(new ByteArrayInputStream("after the restart\n".getBytes(StandardCharsets.UTF_8)), file, 1 << 20, 3)
                .run();

        assertThat(Files.readString(file)).isEqualTo("before the restart\nafter the restart\n");
    }
}
