package io.healingengine.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * "Policy P currently matches service S": inserted logically by a decision-table row while all its
 * conditions hold over the service's current metrics, and withdrawn by the engine as soon as one no
 * longer holds. Carries what the row decides: the ordered action ladder, priority (1–10, higher
 * first), cooldown, validation window and the prediction the verification checks.
 *
 * <p>A row of the alert policies table matches one firing {@link Alert} and names it by its fingerprint:
 * two alerts of one service that match the same row are two matches.
 */
public class PolicyMatch {
    private final String serviceId;
    private final String policy;
    private int priority = 5;
    private List<String> actions = List.of();
    private long cooldownSeconds = 300;
    private long validationSeconds = 60;
    private String prediction = "";
    private boolean dryRun;
    private String alertFingerprint;

    public PolicyMatch(String serviceId, String policy) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getPolicy() {
        return policy;
    }

    public int getPriority() {
        return priority;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    public List<String> getActions() {
        return actions;
    }

    /** The ladder as an analyst writes it: action ids separated by commas, in order. */
    public void setActions(String ladder) {
        this.actions = parseLadder(ladder);
    }

    public long getCooldownSeconds() {
        return cooldownSeconds;
    }

    public void setCooldownSeconds(long cooldownSeconds) {
        this.cooldownSeconds = cooldownSeconds;
    }

    public long getValidationSeconds() {
        return validationSeconds;
    }

    public void setValidationSeconds(long validationSeconds) {
        this.validationSeconds = validationSeconds;
    }

    public String getPrediction() {
        return prediction;
    }

    public void setPrediction(String prediction) {
        this.prediction = prediction == null ? "" : prediction;
    }

    /** A dry-run policy decides and records, but nothing it decides is executed. */
    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** The fingerprint of the alert this match stands for; null for a match on metrics. */
    public String getAlertFingerprint() {
        return alertFingerprint;
    }

    public void setAlertFingerprint(String alertFingerprint) {
        this.alertFingerprint = alertFingerprint;
    }

    public static List<String> parseLadder(String ladder) {
        if (ladder == null || ladder.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ladder.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicyMatch m && m.serviceId.equals(serviceId) && m.policy.equals(policy)
                && Objects.equals(m.alertFingerprint, alertFingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceId, policy, alertFingerprint);
    }

    @Override
    public String toString() {
        return "PolicyMatch[" + policy + " on " + serviceId + (alertFingerprint == null ? "" : " for alert " + alertFingerprint)
                + ", priority " + priority + ", " + actions + "]";
    }
}
