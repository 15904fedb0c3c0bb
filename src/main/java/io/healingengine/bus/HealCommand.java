package io.healingengine.bus;

/** An operator's manual heal request, as the API received it. */
public record HealCommand(String serviceId, String action, String reason, String requestedBy) {
}
