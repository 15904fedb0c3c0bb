package io.healingengine.engine;

/**
 * When the signals of one request were accepted at the HTTP edge and when the engine's evaluation of them
 * started (both System.nanoTime): what an action they cause carries to its dispatch, for the
 * signal-to-dispatch figures and their phases.
 */
record SignalTiming(long acceptedNanos, long evaluationNanos) {
}
