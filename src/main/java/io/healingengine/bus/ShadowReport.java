package io.healingengine.bus;

import java.util.List;

/**
 * How a candidate version running in shadow compares with the active one so far.
 *
 * @param candidateVersion   the candidate's version
 * @param candidateSha256    the candidate's kjar checksum
 * @param startedAt          epoch ms the shadow started
 * @param endsAt             epoch ms its period ends (promotion is decided then)
 * @param signals            signals both versions have seen since
 * @param activeDecisions    decisions the active version took (incidents opened, first actions)
 * @param shadowDecisions    decisions the candidate would have taken
 * @param differences        where they differ, per service and decision
 * @param busyServices       services with an incident open when the shadow started: the candidate starts
 *                           without it, so their decisions are listed but do not count as differences
 */
public record ShadowReport(String candidateVersion, String candidateSha256, long startedAt, long endsAt, long signals,
                           long activeDecisions, long shadowDecisions, List<Difference> differences,
                           List<String> busyServices) {

    /** One decision the two versions took a different number of times. */
    public record Difference(String service, String decision, long active, long shadow, boolean serviceWasBusy) {
    }

    /** Differences that count against the candidate (not those of services busy at the start). */
    public long realDifferences() {
        return differences.stream().filter(d -> !d.serviceWasBusy()).count();
    }
}
