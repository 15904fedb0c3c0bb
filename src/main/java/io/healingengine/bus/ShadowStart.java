package io.healingengine.bus;

import io.healingengine.rules.CompiledRules;

/** Asks the engine to run {@code candidate} beside the active rules for {@code periodMs}. */
public record ShadowStart(CompiledRules candidate, long periodMs) {
}
