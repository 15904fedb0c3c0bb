package io.healingengine.bus;

/**
 * A service says it is alive. {@code intervalMs} (optional) announces its heartbeat interval when the
 * inventory does not set one.
 */
public record Heartbeat(String service, Long intervalMs) {
}
