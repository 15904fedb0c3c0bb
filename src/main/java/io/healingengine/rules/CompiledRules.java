package io.healingengine.rules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.kie.api.runtime.KieContainer;

/**
 * A rule set compiled into a container, with the checksum of its sources, any compiler warnings, and
 * the kjar bytes it can be saved as (and loaded back from without compiling again).
 *
 * @param container the container the rules were loaded into (a running session's container moves on to
 *                  later versions when they are deployed; {@link #releaseId()} keeps this one's)
 * @param checksum  the sources' checksum for rules compiled here, else the kjar's release version
 * @param releaseId the kjar's Maven coordinates, group:artifact:version
 * @param sha256    SHA-256 of the kjar bytes, hex: what identifies a deployed version
 */
public record CompiledRules(KieContainer container, String checksum, String releaseId, String sha256, String origin,
                            List<String> warnings, long buildMillis, byte[] kjar) {
    private static final Pattern SOURCE_CHECKSUM = Pattern.compile("[0-9a-f]{64}");

    static CompiledRules of(KieContainer container, String checksum, String origin, List<String> warnings,
                            long buildMillis, byte[] kjar) {
        return new CompiledRules(container, checksum, container.getReleaseId().toExternalForm(), sha256Of(kjar), origin,
                List.copyOf(warnings), buildMillis, kjar);
    }

    /**
     * The version shown in /health, logs and the deploy history: the kjar's release version, or for
     * rules compiled from sources the short form of their checksum.
     */
    public String version() {
        return compiledFromSources() ? checksum.substring(0, 12) : checksum;
    }

    /**
     * Whether {@code other} is the same version: the same kjar bytes, or — for rules compiled from
     * sources, whose kjar bytes differ from one compile to the next — the same sources (their checksum
     * is the release version).
     */
    public boolean sameVersionAs(CompiledRules other) {
        return sha256.equals(other.sha256) || (compiledFromSources() && releaseId.equals(other.releaseId));
    }

    /** Compiled here from sources (its release version is their checksum), not a kjar built elsewhere. */
    public boolean compiledFromSources() {
        return SOURCE_CHECKSUM.matcher(checksum).matches();
    }

    /** The first 12 hex digits of {@link #sha256()}: recorded on every decision step. */
    public String shortSha() {
        return sha256.substring(0, 12);
    }

    /** Rules in the default rule base. */
    public long ruleCount() {
        return container.getKieBase().getKiePackages().stream().mapToLong(pkg -> pkg.getRules().size()).sum();
    }

    /** Whether some package of the default rule base declares the global {@code name}. */
    public boolean declaresGlobal(String name) {
        return container.getKieBase().getKiePackages().stream()
                .flatMap(pkg -> pkg.getGlobalVariables().stream())
                .anyMatch(global -> global.getName().equals(name));
    }

    public static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
