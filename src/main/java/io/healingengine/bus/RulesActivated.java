package io.healingengine.bus;

/**
 * The engine's answer to an activation: the version it ran before, and how long the session took to
 * move (the incremental update of the rule network, not counting the evaluation that follows).
 */
public record RulesActivated(String previousVersion, String previousSha256, long swapMillis) {
}
