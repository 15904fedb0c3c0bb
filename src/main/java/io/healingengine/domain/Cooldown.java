package io.healingengine.domain;

/** A (policy, service) pair that may not open a new incident before {@code until} (engine time, ms). */
public final class Cooldown {
    private final String policy;
    private final String serviceId;
    private final long until;

    public Cooldown(String policy, String serviceId, long until) {
        this.policy = policy;
        this.serviceId = serviceId;
        this.until = until;
    }

    public String getPolicy() {
        return policy;
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getUntil() {
        return until;
    }

    @Override
    public String toString() {
        return "Cooldown[" + policy + " on " + serviceId + " until " + until + "]";
    }
}
