package io.healingengine.domain;

import java.util.Objects;

/**
 * Whether a heartbeating service is alive. Liveness comes only from the service's own heartbeats:
 * a service that heartbeats but sends no metrics is idle, not dead.
 */
public class Liveness {
    private final String serviceId;
    private final long intervalMs;
    private final int missedLimit;
    private final long graceUntil;
    private long lastHeartbeatAt;
    private boolean heartbeatSeen;
    private boolean down;
    private long downSince;

    /**
     * @param watchingSince engine time from which a heartbeat is expected (a grace period of
     *                      {@code missedLimit} intervals starts there)
     */
    public Liveness(String serviceId, long intervalMs, int missedLimit, long watchingSince) {
        this(serviceId, intervalMs, missedLimit, watchingSince, 0);
    }

    /**
     * @param graceMs extra time after {@code watchingSince} before a service that has not heartbeated yet
     *                counts as down (engine start-up, services reconnecting)
     */
    public Liveness(String serviceId, long intervalMs, int missedLimit, long watchingSince, long graceMs) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("intervalMs must be > 0, but was " + intervalMs);
        }
        if (missedLimit <= 0) {
            throw new IllegalArgumentException("missedLimit must be > 0, but was " + missedLimit);
        }
        this.intervalMs = intervalMs;
        this.missedLimit = missedLimit;
        this.lastHeartbeatAt = watchingSince;
        this.graceUntil = watchingSince + Math.max(0, graceMs);
    }

    public String getServiceId() {
        return serviceId;
    }

    public long getIntervalMs() {
        return intervalMs;
    }

    public int getMissedLimit() {
        return missedLimit;
    }

    public long getLastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    /** Records a heartbeat; from the first one on, the start-up grace no longer applies. */
    public void setLastHeartbeatAt(long lastHeartbeatAt) {
        this.lastHeartbeatAt = lastHeartbeatAt;
        this.heartbeatSeen = true;
    }

    /**
     * Engine time after which the service counts as down if no heartbeat came: missedLimit intervals
     * after the last heartbeat, but not before the start-up grace ends while none has come yet.
     */
    public long getDeadline() {
        long missed = lastHeartbeatAt + intervalMs * missedLimit;
        return heartbeatSeen ? missed : Math.max(graceUntil, missed);
    }

    public boolean isDown() {
        return down;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    public long getDownSince() {
        return downSince;
    }

    public void setDownSince(long downSince) {
        this.downSince = downSince;
    }

    @Override
    public String toString() {
        return "Liveness[" + serviceId + (down ? " DOWN since " + downSince : " up") + ", last=" + lastHeartbeatAt + "]";
    }
}
