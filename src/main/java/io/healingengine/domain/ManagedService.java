package io.healingengine.domain;

import java.util.Arrays;
import java.util.Objects;

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

    public ManagedService(String id, String tier, boolean autoRegistered, long verifyWindowMs) {
        this.id = Objects.requireNonNull(id, "id");
        this.tier = Objects.requireNonNull(tier, "tier");
        this.autoRegistered = autoRegistered;
        this.verifyWindowMs = verifyWindowMs;
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
