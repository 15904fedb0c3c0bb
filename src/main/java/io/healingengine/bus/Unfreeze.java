package io.healingengine.bus;

/** A person lifts a freeze by hand, saying who and why. */
public record Unfreeze(String area, String by, String reason) {
}
