package io.healingengine.deploy;

import io.healingengine.rules.RuleProblem;
import java.util.List;

/**
 * A deploy or roll back the engine refused, and why. The running rules are untouched.
 *
 * @param reason   what kind of refusal (the HTTP edge maps it to a status)
 * @param problems for {@link Reason#INVALID}, every problem of the kjar with its file and location
 */
public final class DeployRefused extends RuntimeException {
    /** Why a deploy was refused. */
    public enum Reason {
        /** The kjar does not load, or would not run in this engine. */
        INVALID,
        /** Signatures are required (deploy.signerCertificate) and the kjar is not wholly signed by that key. */
        UNSIGNED,
        /** Another deploy is being handled; try again when it is done. */
        BUSY,
        /** The release id was deployed before with other content; released versions never change. */
        RELEASE_CHANGED,
        /** No kept version has the name or checksum asked for. */
        NO_SUCH_VERSION,
        /** Nothing was active before the current version. */
        NOTHING_TO_ROLL_BACK,
        /** No version is running in shadow, or one already is. */
        SHADOW_CONFLICT,
        /** The engine could not move its session to the version; it keeps the one it had. */
        ACTIVATION_FAILED
    }

    private final Reason reason;
    private final List<RuleProblem> problems;

    public DeployRefused(Reason reason, String message, List<RuleProblem> problems) {
        super(message);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public DeployRefused(Reason reason, String message) {
        this(reason, message, List.of());
    }

    public Reason reason() {
        return reason;
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
