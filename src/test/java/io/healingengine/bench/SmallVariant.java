package io.healingengine.bench;

import io.healingengine.rules.CompiledRules;
import io.healingengine.rules.RuleCompiler;
import io.healingengine.rules.RuleSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    static PolicyRows rows() {
        return PolicyRows.of(dir().resolve(PolicyVariant.POLICIES));
    }
}
