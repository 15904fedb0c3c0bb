/**
 * Simulation for analysts: a scenario (a timed list of signals and heartbeats) replayed on a pseudo clock
 * against a rule set, reporting what the engine would decide — without executing anything — and the
 * policy rows that almost matched. Depends on rules, domain and Jackson (to read scenarios).
 */
package io.healingengine.simulation;
