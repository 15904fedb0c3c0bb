package io.healingengine.domain;

import java.util.Objects;

/**
 * Whether a supervised process is up, as its exits and its active probes say — liveness only: a process
 * that answers its probe but does no work is idle, not dead, and that is for its metrics to say. One per
 * supervised service, updated in place.
 */
public class SupervisedProcess {
    private final String serviceId;
    private final int failureThreshold;
    private long pid;
    private boolean up;
    private long upSince;
    private boolean down;
    private long downSince;
    private String downReason = "";
    private boolean incidentOpened;
    private int probeFailures;
    private String lastProbe = "";

    /** @param failureThreshold liveness-probe failures in a row that make the process down */
    public SupervisedProcess(String serviceId, int failureThreshold) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be >= 1, but was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
    }

    public String getServiceId() {
        return serviceId;
    }

    public int getFailureThreshold() {
        return failureThreshold;
    }

    public long getPid() {
        return pid;
    }

    /** Up: the startup probe of process {@code pid} passed at {@code at}; the probe count starts afresh. */
    public void started(long pid, long at) {
        this.pid = pid;
        this.up = true;
        this.upSince = at;
        this.down = false;
        this.probeFailures = 0;
    }

    /** A liveness probe result of the current process. */
    public void probed(boolean passed, String detail) {
        probeFailures = passed ? 0 : probeFailures + 1;
        lastProbe = detail;
    }

    public boolean isUp() {
        return up;
    }

    public long getUpSince() {
        return upSince;
    }

    public boolean isDown() {
        return down;
    }

    public long getDownSince() {
        return downSince;
    }

    public String getDownReason() {
        return downReason;
    }

    /** Down from {@code at}: exited, or its liveness probe failed {@code failureThreshold} times in a row. */
    public void markDown(long at, String reason) {
        this.up = false;
        this.down = true;
        this.downSince = at;
        this.downReason = reason;
        this.incidentOpened = false;
    }

    /** Whether this down episode already has its incident (so that it gets one, and only one). */
    public boolean isIncidentOpened() {
        return incidentOpened;
    }

    public void setIncidentOpened(boolean incidentOpened) {
        this.incidentOpened = incidentOpened;
    }

    public int getProbeFailures() {
        return probeFailures;
    }

    /** The last liveness probe's result, e.g. "GET http://… timed out after 200 ms". */
    public String getLastProbe() {
        return lastProbe;
    }

    /** Whether the liveness probe has failed often enough in a row to call the process down. */
    public boolean isProbeFailing() {
        return probeFailures >= failureThreshold;
    }

    @Override
    public String toString() {
        return "SupervisedProcess[" + serviceId + " pid " + pid + (up ? " up" : down ? " DOWN: " + downReason : " starting")
                + ", probe failures " + probeFailures + "/" + failureThreshold + "]";
    }
}
