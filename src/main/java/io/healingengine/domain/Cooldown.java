package io.healingengine.domain;

/** A (policy, service) pair that may not open a new incident before {@code endsAt} (engine time, ms). */
public final class Cooldown {
    private final String policy;
    private final String serviceId;
    private final long endsAt;

    public Cooldown(String policy, String serviceId, long endsAt) {
        this.policy = policy;
        this.serviceId = serviceId;
        this.endsAt = endsAt;
    }

    public String getPolicy() {
        return policy;
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getEndsAt() {
        return endsAt;
    }

    @Override
    public String toString() {
        return "Cooldown[" + policy + " on " + serviceId + " endsAt " + endsAt + "]";
    }
}
