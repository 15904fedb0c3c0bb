package io.healingengine.rules;

import io.healingengine.domain.Alert;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's index of the {@link Alert} facts in a session: one per fingerprint, updated in place, so
 * that the session holds one fact per alert however often Alertmanager repeats it. A repeat that says
 * what the fact already says changes nothing in working memory. Alerts that rules delete (a resolved alert
 * retires after an hour) and alerts restored into the session are followed through the session's fact
 * events. Owned by the session's thread.
 */
public final class AlertIndex implements FactChangeListener {
    /** Alerts held at most; a new fingerprint beyond this is refused. */
    public static final int DEFAULT_MAX_ALERTS = 10_000;

    /** What one reported alert did to the alert the engine holds. */
    public enum Change {
        /** The first firing of an alert the engine did not hold. */
        OPENED,
        /** A new episode of a held alert: it fires again after a resolve, or with a later start. */
        REFIRED,
        /** What the engine holds already (Alertmanager's repeat): nothing changed. */
        UNCHANGED,
        /** The held alert's episode ended. */
        RESOLVED,
        /** Older than the episode the engine holds (a late or reordered delivery): ignored. */
        STALE,
        /** A resolve for an alert the engine does not hold: nothing to close. */
        NOT_HELD,
        /** The engine holds {@link #DEFAULT_MAX_ALERTS} alerts already; this new one is refused. */
        FULL;

        /** The word the API answers with: opened, refired, unchanged, resolved, stale, not-held, refused. */
        public String word() {
            return this == FULL ? "refused" : name().toLowerCase().replace('_', '-');
        }
    }

    private record Slot(Alert alert, FactRef handle) {
    }

    private final RuleSession session;
    private final int maxAlerts;
    private final Map<String, Slot> alerts = new HashMap<>();

    public AlertIndex(RuleSession session) {
        this(session, DEFAULT_MAX_ALERTS);
    }

    public AlertIndex(RuleSession session, int maxAlerts) {
        this.session = session;
        this.maxAlerts = maxAlerts;
        session.addFactListener(this);
    }

    /**
     * Applies one alert as a webhook reported it ({@code reported} carries its status, the start of its
     * episode and the engine time of the report) to the alert held under the same fingerprint.
     */
    public Change apply(Alert reported) {
        Slot slot = alerts.get(reported.getFingerprint());
        long now = reported.getChangedAt();
        if (slot == null) {
            if (!reported.isFiring()) {
                return Change.NOT_HELD;
            }
            if (alerts.size() >= maxAlerts) {
                return Change.FULL;
            }
            alerts.put(reported.getFingerprint(), new Slot(reported, session.insert(reported)));
            return Change.OPENED;
        }
        Alert held = slot.alert();
        if (reported.getStartsAt() < held.getStartsAt()) {
            return Change.STALE;
        }
        if (reported.isFiring()) {
            if (reported.getStartsAt() > held.getStartsAt()) {
                held.refire(reported.getStartsAt(), reported.getSummary(), now);
                session.update(slot.handle(), held);
                return Change.REFIRED;
            }
            // the same episode: a repeat while it fires, or a late repeat after its resolve
            return held.isFiring() ? Change.UNCHANGED : Change.STALE;
        }
        if (!held.isFiring()) {
            return reported.getStartsAt() == held.getStartsAt() ? Change.UNCHANGED : Change.NOT_HELD;
        }
        // the episode the engine holds is over (its own resolve, or a later episode's that the engine never saw
        // firing): the incident answering it keeps its link and sees the resolve
        held.resolve(reported.getStartsAt(), now);
        session.update(slot.handle(), held);
        return Change.RESOLVED;
    }

    /** The alert held under {@code fingerprint}. */
    public Optional<Alert> find(String fingerprint) {
        return Optional.ofNullable(alerts.get(fingerprint)).map(Slot::alert);
    }

    public int size() {
        return alerts.size();
    }

    /** Adopts an alert put into the session from outside this index (restored after an engine restart). */
    @Override
    public void inserted(Object fact) {
        if (fact instanceof Alert alert && !alerts.containsKey(alert.getFingerprint())) {
            FactRef handle = session.refOf(alert);
            if (handle != null) {
                alerts.put(alert.getFingerprint(), new Slot(alert, handle));
            }
        }
    }

    @Override
    public void updated(Object fact) {
        // updated in place: the slot already holds the same object
    }

    /** Forgets an alert a rule retired, so that its fingerprint starts afresh. */
    @Override
    public void deleted(Object fact) {
        if (fact instanceof Alert alert) {
            Slot slot = alerts.get(alert.getFingerprint());
            if (slot != null && slot.alert() == alert) {
                alerts.remove(alert.getFingerprint());
            }
        }
    }
}
