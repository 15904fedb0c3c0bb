package io.healingengine.domain;

/**
 * Event: a service was found down (missed heartbeats). Counted over time to tell a single crash from
 * a crash loop; declared as an expiring event in the DRL that uses it.
 */
public class ServiceDown {
    private final String serviceId;
    private final long at;
    private final String reason;
    private boolean handled;

    public ServiceDown(String serviceId, long at, String reason) {
        this.serviceId = serviceId;
        this.at = at;
        this.reason = reason;
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getAt() {
        return at;
    }

    public String getReason() {
        return reason;
    }

    /** True once a rule has attached this down episode to an incident. */
    public boolean isHandled() {
        return handled;
    }

    public void setHandled(boolean handled) {
        this.handled = handled;
    }

    @Override
    public String toString() {
        return "ServiceDown[" + serviceId + " at " + at + ": " + reason + "]";
    }
}
