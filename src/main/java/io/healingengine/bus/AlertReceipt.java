package io.healingengine.bus;

/**
 * What the engine did with one alert of a webhook, after evaluating the rules on the batch.
 *
 * @param outcome    opened, refired, unchanged, resolved, stale, not-held, or refused (the engine holds too
 *                   many alerts)
 * @param incidentId the incident that answers the alert's current episode, or null
 */
public record AlertReceipt(String fingerprint, String outcome, String incidentId) {
}
