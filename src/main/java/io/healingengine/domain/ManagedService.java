package io.healingengine.domain;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A service of the operator's inventory (or auto-registered on its first signal), as the rules see it.
 * Immutable: the inventory changes only with the configuration.
 */
public final class ManagedService {
    public static final String ANY_TIER = "any";

    private final String id;
    private final String tier;
    private final boolean autoRegistered;
    private final long verifyWindowMs;
    private final boolean canary;
    private final Set<String> rollbackPlans;
    private final String group;

    public ManagedService(String id, String tier, boolean autoRegistered, long verifyWindowMs) {
        this(id, tier, autoRegistered, verifyWindowMs, false, Set.of());
    }

    /**
     * @param canary        the service has a canary step for risky actions (they then need no approval)
     * @param rollbackPlans the state-changing actions whose undo the inventory declares
     */
    public ManagedService(String id, String tier, boolean autoRegistered, long verifyWindowMs, boolean canary,
                          Set<String> rollbackPlans) {
        this(id, tier, autoRegistered, verifyWindowMs, canary, rollbackPlans, null);
    }

    /** @param group the area the service shares budgets and freezes with; null for the service alone */
    public ManagedService(String id, String tier, boolean autoRegistered, long verifyWindowMs, boolean canary,
                          Set<String> rollbackPlans, String group) {
        this.id = Objects.requireNonNull(id, "id");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.autoRegistered = autoRegistered;
        this.verifyWindowMs = verifyWindowMs;
        this.canary = canary;
        this.rollbackPlans = Set.copyOf(rollbackPlans);
        this.group = group;
    }

    /** The blast-radius unit of daily budgets and freezes: the service's group, or the service itself. */
    public String getArea() {
        return group == null || group.isBlank() ? id : group;
    }

    public boolean isCanary() {
        return canary;
    }

    /** Whether the inventory declares how to undo {@code action} on this service. */
    public boolean hasRollbackFor(String action) {
        return rollbackPlans.contains(action);
    }

    public String getId() {
        return id;
    }

    public String getTier() {
        return tier;
    }

    public boolean isAutoRegistered() {
        return autoRegistered;
    }

    /** Validation window for incidents that no policy row sets (liveness, manual heals). */
    public long getVerifyWindowMs() {
        return verifyWindowMs;
    }

    /**
     * Whether a policy scoped to {@code tiers} applies to this service: "any" (or an empty scope)
     * matches every tier, otherwise a comma-separated list of tier names.
     */
    public boolean appliesTo(String tiers) {
        if (tiers == null || tiers.isBlank() || ANY_TIER.equalsIgnoreCase(tiers.trim())) {
            return true;
        }
        return Arrays.stream(tiers.split(",")).map(String::trim).anyMatch(tier::equalsIgnoreCase);
    }

    @Override
    public String toString() {
        return "ManagedService[" + id + ", tier=" + tier + (autoRegistered ? ", auto" : "") + "]";
    }
}
