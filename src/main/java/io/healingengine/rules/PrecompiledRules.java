package io.healingengine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shipped rules compiled at build time and carried in the jar as kjar bytes, so that the engine
 * starts in about a second instead of compiling for ten. Used only while its checksum matches the
 * shipped sources; otherwise the engine compiles them as before.
 */
public final class PrecompiledRules {
    /** Classpath location of the prebuilt kjar inside the engine jar. */
    public static final String RESOURCE = RuleSource.EMBEDDED_ROOT + "/precompiled/healing-rules.kjar";

    private PrecompiledRules() {
    }

    /** Compiles the project's rules and writes the kjar where the build packs it into the jar. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PrecompiledRules <projectDir> <outputFile>");
        }
        CompiledRules rules = RuleCompiler.compile(RuleSource.fromProjectDirectory(Path.of(args[0])));
        if (!rules.warnings().isEmpty()) {
            throw new IllegalStateException("the shipped rules compile with warnings: " + rules.warnings());
        }
        Path output = Path.of(args[1]);
        Files.createDirectories(output.getParent());
        Files.write(output, rules.kjar());
        org.slf4j.LoggerFactory.getLogger(PrecompiledRules.class).info(
                "precompiled rules {} ({} bytes) in {} ms -> {}", rules.version(), rules.kjar().length,
                rules.buildMillis(), output);
    }

    /** The precompiled rules, if the jar carries them and they were built from exactly {@code sources}. */
    public static Optional<CompiledRules> matching(RuleSource sources) {
        byte[] kjar = read();
        if (kjar == null) {
            return Optional.empty();
        }
        CompiledRules rules = RuleCompiler.load(kjar, sources.origin() + " (precompiled)");
        return rules.checksum().equals(sources.checksum()) ? Optional.of(rules) : Optional.empty();
    }

    private static byte[] read() {
        try (InputStream in = PrecompiledRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
