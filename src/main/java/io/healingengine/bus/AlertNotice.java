package io.healingengine.bus;

import io.healingengine.domain.Alert;
import java.util.Map;

/**
 * One alert of an Alertmanager webhook, as the API read and checked it: the service and severity already
 * taken from the labels the configuration names. Labels are data, never interpreted as commands.
 *
 * @param startsAt sender time (epoch ms) at which the alert's current episode started
 * @param summary  the {@code summary} annotation, on one line and clipped, or ""
 */
public record AlertNotice(String fingerprint, String service, String alertname, String severity, boolean firing,
                          long startsAt, Map<String, String> labels, String summary) {
    public AlertNotice {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The alert as the engine receives it at {@code at} (engine time). */
    public Alert toAlert(long at) {
        return new Alert(fingerprint, service, alertname, severity, labels, summary, startsAt, firing, at);
    }
}
