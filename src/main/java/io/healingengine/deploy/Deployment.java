package io.healingengine.deploy;

import java.time.Instant;

/**
 * One entry of the deploy history: a version of the rules became active (or was tried in shadow).
 *
 * @param seq        1, 2, 3 … in the order things happened
 * @param action     baseline (the rules that ran before the first deploy), deploy, rollback, follow
 *                   (a release found in the followed Maven repository), shadow-started, shadow-discarded
 * @param releaseId  the kjar's Maven coordinates, group:artifact:version
 * @param version    the version shown to people: the release version, or a source checksum's short form
 * @param sha256     SHA-256 of the kjar bytes: the identity of a version
 * @param origin     where the kjar came from (upload, file, repository URL, shipped rules)
 * @param at         when it happened
 * @param by         who did it (the CLI sends the user; "engine" for the engine's own entries)
 * @param note       why, in the deployer's words (may be empty)
 * @param swapMillis how long the running session took to move to this version (-1 when not activated)
 */
public record Deployment(long seq, String action, String releaseId, String version, String sha256, String origin,
                         Instant at, String by, String note, long swapMillis) {

    /** Whether this entry made its version the active one. */
    public boolean activates() {
        return !action.startsWith("shadow-");
    }

    public String shortSha() {
        return sha256.substring(0, 12);
    }
}
