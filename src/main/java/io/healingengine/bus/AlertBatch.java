package io.healingengine.bus;

import java.util.List;

/** The accepted alerts of one Alertmanager webhook, with the moment they were accepted (System.nanoTime). */
public record AlertBatch(List<AlertNotice> alerts, long acceptedNanos) {
}
