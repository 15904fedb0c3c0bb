/**
 * The engine's view of itself: Micrometer meters (names, tag keys, and the one class that records them),
 * the board of its invariants that do not hold now ({@link io.healingengine.metrics.InvariantBoard}, read
 * by {@code GET /health}), and the count of Vert.x's blocked-thread warnings. Depends on Micrometer and
 * Vert.x only.
 */
package io.healingengine.metrics;
