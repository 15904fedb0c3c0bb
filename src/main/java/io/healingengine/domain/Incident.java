package io.healingengine.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One failure of one service, from the moment a rule notices it until it is resolved or handed to a
 * human. Holds the action ladder and how far down it the engine has gone. At most one incident per
 * service is open at a time, so actions on one service never run concurrently.
 */
public class Incident {
    private final String id;
    private final String serviceId;
    private final IncidentKind kind;
    private final String trigger;
    private final int priority;
    private final long openedAt;
    private final long validationMs;
    private final long cooldownSeconds;
    private final String prediction;
    private final List<String> ladder;
    private int step;
    private IncidentStatus status = IncidentStatus.OPEN;
    private String diagnosis;
    private String currentRequestId;
    private long actionStartedAt;
    private long verifyAt;
    private long recoveredAt;
    private long closedAt;
    private long recoveryTimeMs = -1;
    private boolean escalating;
    private boolean dryRun;

    /** Everything an incident is, to store it and restore it after an engine restart. */
    public record State(String id, String serviceId, IncidentKind kind, String trigger, int priority, long openedAt,
                        long validationMs, long cooldownSeconds, String prediction, List<String> ladder, int step,
                        IncidentStatus status, String diagnosis, String currentRequestId, long actionStartedAt,
                        long verifyAt, long recoveredAt, long closedAt, long recoveryTimeMs, boolean escalating,
                        boolean dryRun) {
    }

    public Incident(String serviceId, IncidentKind kind, String trigger, int priority, List<String> ladder,
                    long validationMs, long cooldownSeconds, String prediction, String diagnosis, long openedAt) {
        this(UUID.randomUUID().toString(), serviceId, kind, trigger, priority, ladder, validationMs, cooldownSeconds,
                prediction, diagnosis, openedAt);
    }

    private Incident(String id, String serviceId, IncidentKind kind, String trigger, int priority, List<String> ladder,
                     long validationMs, long cooldownSeconds, String prediction, String diagnosis, long openedAt) {
        this.id = Objects.requireNonNull(id, "id");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.priority = priority;
        this.ladder = new ArrayList<>(ladder);
        this.validationMs = validationMs;
        this.cooldownSeconds = cooldownSeconds;
        this.prediction = prediction == null ? "" : prediction;
        this.diagnosis = diagnosis;
        this.openedAt = openedAt;
    }

    public State state() {
        return new State(id, serviceId, kind, trigger, priority, openedAt, validationMs, cooldownSeconds, prediction,
                List.copyOf(ladder), step, status, diagnosis, currentRequestId, actionStartedAt, verifyAt, recoveredAt,
                closedAt, recoveryTimeMs, escalating, dryRun);
    }

    public static Incident restore(State s) {
        Incident incident = new Incident(s.id(), s.serviceId(), s.kind(), s.trigger(), s.priority(), s.ladder(),
                s.validationMs(), s.cooldownSeconds(), s.prediction(), s.diagnosis(), s.openedAt());
        incident.step = s.step();
        incident.status = s.status();
        incident.currentRequestId = s.currentRequestId();
        incident.actionStartedAt = s.actionStartedAt();
        incident.verifyAt = s.verifyAt();
        incident.recoveredAt = s.recoveredAt();
        incident.closedAt = s.closedAt();
        incident.recoveryTimeMs = s.recoveryTimeMs();
        incident.escalating = s.escalating();
        incident.dryRun = s.dryRun();
        return incident;
    }

    /**
     * An incident opened by a matching policy row: {@code POLICY} with diagnosis {@code policy:<row>} for a
     * row of the policies table, {@code ALERT} with diagnosis {@code alert:<row>} for one of the alert
     * policies table.
     */
    public static Incident fromPolicy(PolicyMatch match, long now) {
        boolean alert = match.getAlertFingerprint() != null;
        Incident incident = new Incident(match.getServiceId(), alert ? IncidentKind.ALERT : IncidentKind.POLICY,
                match.getPolicy(), match.getPriority(), match.getActions(), match.getValidationSeconds() * 1000,
                match.getCooldownSeconds(), match.getPrediction(), (alert ? "alert:" : "policy:") + match.getPolicy(),
                now);
        incident.dryRun = match.isDryRun();
        return incident;
    }

    /** Decided by a dry-run policy: its actions are recorded, not executed. */
    public boolean isDryRun() {
        return dryRun;
    }

    public String getId() {
        return id;
    }

    public String getServiceId() {
        return serviceId;
    }

    public IncidentKind getKind() {
        return kind;
    }

    /** The policy or rule that opened the incident. */
    public String getTrigger() {
        return trigger;
    }

    public int getPriority() {
        return priority;
    }

    public long getOpenedAt() {
        return openedAt;
    }

    public long getValidationMs() {
        return validationMs;
    }

    public long getCooldownSeconds() {
        return cooldownSeconds;
    }

    public String getPrediction() {
        return prediction;
    }

    public List<String> getLadder() {
        return List.copyOf(ladder);
    }

    public int getStep() {
        return step;
    }

    public void setStep(int step) {
        this.step = step;
    }

    public IncidentStatus getStatus() {
        return status;
    }

    public void setStatus(IncidentStatus status) {
        this.status = status;
    }

    public boolean isOpen() {
        return !status.isClosed();
    }

    public String getDiagnosis() {
        return diagnosis;
    }

    public void setDiagnosis(String diagnosis) {
        this.diagnosis = diagnosis;
    }

    public String getCurrentRequestId() {
        return currentRequestId;
    }

    public void setCurrentRequestId(String currentRequestId) {
        this.currentRequestId = currentRequestId;
    }

    public long getActionStartedAt() {
        return actionStartedAt;
    }

    public void setActionStartedAt(long actionStartedAt) {
        this.actionStartedAt = actionStartedAt;
    }

    public long getVerifyAt() {
        return verifyAt;
    }

    public void setVerifyAt(long verifyAt) {
        this.verifyAt = verifyAt;
    }

    /** Engine time of the first evidence of recovery after the current action, 0 while there is none. */
    public long getRecoveredAt() {
        return recoveredAt;
    }

    public void setRecoveredAt(long recoveredAt) {
        this.recoveredAt = recoveredAt;
    }

    public long getClosedAt() {
        return closedAt;
    }

    public void setClosedAt(long closedAt) {
        this.closedAt = closedAt;
    }

    /** Milliseconds from opening to the first evidence of recovery; -1 unless RESOLVED. */
    public long getRecoveryTimeMs() {
        return recoveryTimeMs;
    }

    public void setRecoveryTimeMs(long recoveryTimeMs) {
        this.recoveryTimeMs = recoveryTimeMs;
    }

    /** True once the ladder ran out and the engine appended alert-oncall to hand over to a human. */
    public boolean isEscalating() {
        return escalating;
    }

    public void setEscalating(boolean escalating) {
        this.escalating = escalating;
    }

    public boolean hasNextStep() {
        return step < ladder.size();
    }

    /** The action of the current ladder step. */
    public String getNextAction() {
        return hasNextStep() ? ladder.get(step) : null;
    }

    /**
     * Moves to the next ladder step after the current one did not heal the service. When the ladder is
     * exhausted and nobody has been paged yet, alert-oncall becomes the last step.
     */
    public void advance() {
        String last = step < ladder.size() ? ladder.get(step) : null;
        step++;
        currentRequestId = null;
        recoveredAt = 0;
        verifyAt = 0;
        if (step >= ladder.size() && !ActionKind.ALERT_ONCALL.id().equals(last)) {
            ladder.add(ActionKind.ALERT_ONCALL.id());
            escalating = true;
        }
        status = IncidentStatus.OPEN;
    }

    /** Replaces the rest of the ladder with a page to a human (e.g. a crash loop: restarting again is pointless). */
    public void escalateNow() {
        while (ladder.size() > step) {
            ladder.remove(ladder.size() - 1);
        }
        ladder.add(ActionKind.ALERT_ONCALL.id());
        escalating = true;
        status = IncidentStatus.OPEN;
    }

    public void resolve(long now) {
        status = IncidentStatus.RESOLVED;
        closedAt = now;
        recoveryTimeMs = Math.max(0, recoveredAt - openedAt);
    }

    public void escalated(long now) {
        status = IncidentStatus.ESCALATED;
        closedAt = now;
    }

    @Override
    public String toString() {
        return "Incident[" + id.substring(0, 8) + " " + serviceId + " " + kind + " " + trigger + " " + status
                + " step " + step + "/" + ladder + "]";
    }
}
