package io.healingengine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kjar build's first step (kjar/pom.xml): checks the rules of a project directory with
 * {@link RuleCompiler#check} before the KIE plugin compiles them, and fails with a
 * {@link RuleBuildException} listing every error located in the author's terms (file and line; file,
 * sheet, row and column), which the build prints as its failure. A passed check leaves a stamp: the
 * next build skips the check while neither the rules nor the engine jar running it have changed.
 */
public final class RuleCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RuleCheck.class);

    private RuleCheck() {
    }

    /** {@code RuleCheck <projectDir> [<stampFile>]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: RuleCheck <projectDir> [<stampFile>], but got " + args.length
                    + " arguments");
        }
        long started = System.nanoTime();
        RuleSource source = RuleSource.fromProjectDirectory(Path.of(args[0]).toAbsolutePath().normalize());
        if (source.resources().isEmpty()) {
            throw new IllegalArgumentException("no rules/ or decision-tables/ with rule files in " + source.origin());
        }
        Path stampFile = args.length == 2 ? Path.of(args[1]) : null;
        String stamp = source.checksum() + " " + engineFingerprint();
        if (stampFile != null && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
            LOG.info("rules unchanged since they last passed the check ({}): not checked again", stampFile);
            return;
        }
        if (stampFile != null) {
            Files.deleteIfExists(stampFile);
        }
        List<String> warnings = RuleCompiler.check(source);
        warnings.forEach(LOG::warn);
        if (stampFile != null) {
            Files.createDirectories(stampFile.toAbsolutePath().getParent());
            Files.writeString(stampFile, stamp);
        }
        LOG.info("checked {} rule files in {} ms: no errors{}", source.resources().size(),
                (System.nanoTime() - started) / 1_000_000,
                warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
    }

    /**
     * The code the check runs: every class and service file of the jar this class came from (name, size and
     * CRC, read from the jar's directory, so a rebuilt but identical jar matches); unique when not run from
     * a jar, so the check then always runs.
     */
    private static String engineFingerprint() {
        try {
            Path location = Path.of(RuleCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return "classes " + System.nanoTime(); // compiled classes: never trusted to be unchanged
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().filter(e -> e.getName().endsWith(".class") || e.getName().startsWith("META-INF/services/"))
                        .map(e -> e.getName() + ' ' + e.getSize() + ' ' + e.getCrc() + '\n').sorted()
                        .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine jar", e);
        } catch (URISyntaxException | NoSuchAlgorithmException | SecurityException e) {
            throw new IllegalStateException("cannot fingerprint the engine jar", e);
        }
    }
}
