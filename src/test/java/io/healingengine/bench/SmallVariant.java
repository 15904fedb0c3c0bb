package io.healingengine.bench;

import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One small variant for the benchmark's tests, written and compiled once per JVM: {@link #ROWS} generated rows
 * over a fleet of {@link #FLEET}, relaxed guards.
 */
final class SmallVariant {
    static final int ROWS = 24;
    static final BenchFleet FLEET = new BenchFleet(40, 4);
    static final long SEED = 7;

    private static Path dir;
    private static CompiledRules compiled;

    private SmallVariant() {
    }

    static Path repoRoot() {
        return Path.of("").toAbsolutePath();
    }

    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = PolicyVariant.write(repoRoot(), Files.createTempDirectory("bench-variant-"), ROWS, FLEET, SEED,
                        true);
                deleteOnExit(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    static synchronized CompiledRules compiled() {
        if (compiled == null) {
            compiled = RuleCompiler.compile(RuleSource.fromProjectDirectory(dir()));
        }
        return compiled;
    }

    /** Deleted when the JVM ends, in the reverse order of registration: files before their folders. */
    private static void deleteOnExit(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.naturalOrder()).forEach(file -> file.toFile().deleteOnExit());
        }
    }

    static PolicyRows rows() {
        return PolicyRows.of(dir().resolve(PolicyVariant.POLICIES));
    }
}
