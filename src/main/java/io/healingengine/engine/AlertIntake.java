package io.healingengine.engine;

import io.healingengine.bus.AlertNotice;
import io.healingengine.bus.AlertReceipt;
import io.healingengine.domain.Alert;
import io.healingengine.metrics.SelfHealMetrics;
import io.healingengine.rules.AlertIndex;
import io.healingengine.rules.AlertIndex.Change;
import io.healingengine.rules.RuleSession;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the alerts of Alertmanager webhooks to the session's {@link AlertIndex}, logs and counts what
 * each did, and after the evaluation says which incident answers each. Runs on the engine's thread.
 */
final class AlertIntake {
    private static final Logger LOG = LoggerFactory.getLogger(AlertIntake.class);
    private final RuleSession session;
    private final AlertIndex alerts;
    private final SelfHealMetrics metrics;

    AlertIntake(RuleSession session, SelfHealMetrics metrics) {
        this.session = session;
        this.alerts = new AlertIndex(session);
        this.metrics = metrics;
    }

    /** Applies each alert in order; the rules are not evaluated yet. */
    List<Change> apply(List<AlertNotice> notices) {
        List<Change> changes = new ArrayList<>(notices.size());
        for (AlertNotice notice : notices) {
            Change change = alerts.apply(notice.toAlert(session.now()));
            changes.add(change);
            metrics.alertReceived(change.word());
            String line = "self_heal event=alert_received service={} alertname=\"{}\" fingerprint={} status={} "
                    + "outcome={}";
            Object[] args = {notice.service(), LogText.clean(notice.alertname()), notice.fingerprint(),
                    notice.firing() ? "firing" : "resolved", change.word()};
            if (change == Change.UNCHANGED) {
                LOG.debug(line, args);
            } else if (change == Change.FULL) {
                LOG.warn(line + " reason=\"the engine holds {} alerts\"", notice.service(), args[1], args[2], args[3],
                        args[4], alerts.size());
            } else {
                LOG.info(line, args);
            }
        }
        return changes;
    }

    /** After the evaluation: what each alert did and the incident that answers it now. */
    List<AlertReceipt> receipts(List<AlertNotice> notices, List<Change> changes) {
        List<AlertReceipt> receipts = new ArrayList<>(notices.size());
        for (int i = 0; i < notices.size(); i++) {
            String fingerprint = notices.get(i).fingerprint();
            String incident = changes.get(i) == Change.FULL ? null
                    : alerts.find(fingerprint).map(Alert::getIncidentId).orElse(null);
            receipts.add(new AlertReceipt(fingerprint, changes.get(i).word(), incident));
        }
        return receipts;
    }

    int size() {
        return alerts.size();
    }
}
