package io.healingengine.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A Prometheus alert as Alertmanager reports it: one fact per fingerprint (the hash of the alert's
 * labels), updated in place by every webhook, like {@link MetricState}. A webhook that repeats what the
 * fact already says changes nothing.
 *
 * <p>An <em>episode</em> runs from the alert firing ({@code startsAt}, the sender's time) to its resolve.
 * Each episode is answered by at most one incident ({@code incidentId}): the one its alert policy row
 * opened, or the one already open for the service when it fired. When that incident closes while the
 * alert still fires, the episode is <em>settled</em>: the alert policy rows no longer match it, so it
 * opens nothing more until it resolves and fires anew.
 *
 * <p>Labels are data: they are matched by rules, never used to build a command.
 */
public class Alert {
    /** Written in an alert-name or severity cell, matches any value. */
    public static final String ANY = "any";

    private final String fingerprint;
    private final String serviceId;
    private final String alertname;
    private final String severity;
    private final Map<String, String> labels;
    private String summary;
    private long startsAt;
    private boolean firing;
    private long changedAt;
    private long resolvedAt;
    private String incidentId;
    private boolean settled;

    /** Everything an alert is, to store it and restore it after an engine restart. */
    public record State(String fingerprint, String serviceId, String alertname, String severity,
                        Map<String, String> labels, String summary, long startsAt, boolean firing, long changedAt,
                        long resolvedAt, String incidentId, boolean settled) {
    }

    /**
     * @param alertname the {@code alertname} label, or "" without one
     * @param severity  the severity label's value, or "" without one
     * @param summary   the {@code summary} annotation, or ""
     * @param startsAt  sender time (epoch ms) at which the current episode started
     * @param firing    firing, or resolved
     * @param at        engine time (epoch ms) of the webhook that reported it
     */
    public Alert(String fingerprint, String serviceId, String alertname, String severity, Map<String, String> labels,
                 String summary, long startsAt, boolean firing, long at) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.alertname = alertname == null ? "" : alertname;
        this.severity = severity == null ? "" : severity;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
        this.summary = summary == null ? "" : summary;
        this.startsAt = startsAt;
        this.firing = firing;
        this.changedAt = at;
        this.resolvedAt = firing ? 0 : at;
    }

    public State state() {
        return new State(fingerprint, serviceId, alertname, severity, labels, summary, startsAt, firing, changedAt,
                resolvedAt, incidentId, settled);
    }

    public static Alert restore(State s) {
        Alert alert = new Alert(s.fingerprint(), s.serviceId(), s.alertname(), s.severity(), s.labels(), s.summary(),
                s.startsAt(), s.firing(), s.changedAt());
        alert.resolvedAt = s.resolvedAt();
        alert.incidentId = s.incidentId();
        alert.settled = s.settled();
        return alert;
    }

    /** A new episode: the alert fires again after a resolve, or Alertmanager reports a later start. */
    public void refire(long newStartsAt, String newSummary, long at) {
        startsAt = newStartsAt;
        summary = newSummary == null ? "" : newSummary;
        firing = true;
        changedAt = at;
        resolvedAt = 0;
        incidentId = null;
        settled = false;
    }

    /**
     * The current episode ended. {@code episodeStartsAt} is the start the resolve reports: a later one than
     * held means Alertmanager saw an episode the engine never got the firing of, which ended too.
     */
    public void resolve(long episodeStartsAt, long at) {
        startsAt = Math.max(startsAt, episodeStartsAt);
        firing = false;
        changedAt = at;
        resolvedAt = at;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getAlertname() {
        return alertname;
    }

    public String getSeverity() {
        return severity;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public String getSummary() {
        return summary;
    }

    /** Sender time (epoch ms) at which the current episode started. */
    public long getStartsAt() {
        return startsAt;
    }

    public boolean isFiring() {
        return firing;
    }

    /** Engine time of the last change: the episode's first firing webhook, or its resolve. */
    public long getChangedAt() {
        return changedAt;
    }

    /** Engine time at which the resolve arrived; 0 while firing. */
    public long getResolvedAt() {
        return resolvedAt;
    }

    /** The incident that answers the current episode; null until one does. */
    public String getIncidentId() {
        return incidentId;
    }

    public void setIncidentId(String incidentId) {
        this.incidentId = incidentId;
    }

    /** The answering incident closed while the alert still fired: nothing more is opened for this episode. */
    public boolean isSettled() {
        return settled;
    }

    public void setSettled(boolean settled) {
        this.settled = settled;
    }

    /** Whether the alert name is one of {@code names} (comma-separated, exact), or {@code names} is "any". */
    public boolean alertnameIn(String names) {
        return oneOf(alertname, names);
    }

    /** Whether the severity is one of {@code severities} (comma-separated, exact); empty or "any" matches all. */
    public boolean severityIn(String severities) {
        return severities == null || severities.isBlank() || oneOf(severity, severities);
    }

    /**
     * Whether the alert carries every {@code name=value} pair of {@code pairs} (comma-separated; values
     * compared exactly). Empty matches every alert; a pair without '=' matches none.
     */
    public boolean hasLabels(String pairs) {
        if (pairs == null || pairs.isBlank()) {
            return true;
        }
        return Arrays.stream(pairs.split(",")).map(String::trim).filter(p -> !p.isEmpty()).allMatch(pair -> {
            int eq = pair.indexOf('=');
            return eq > 0 && pair.substring(eq + 1).trim().equals(labels.get(pair.substring(0, eq).trim()));
        });
    }

    private static boolean oneOf(String value, String list) {
        if (list == null) {
            return false;
        }
        return Arrays.stream(list.split(",")).map(String::trim)
                .anyMatch(item -> item.equalsIgnoreCase(ANY) || item.equals(value));
    }

    @Override
    public String toString() {
        return "Alert[" + alertname + " " + fingerprint + " on " + serviceId + (firing ? " firing" : " resolved")
                + (incidentId == null ? "" : " answered by " + incidentId.substring(0, Math.min(8, incidentId.length())))
                + (settled ? ", settled" : "") + "]";
    }
}
