/**
 * Supervised processes: the engine owns a service's process (starts it from an argv, with its working directory,
 * environment and rotating output files, and restarts it) or watches one started elsewhere through its pidfile.
 * Exits are known the moment they happen ({@code ProcessHandle.onExit}, or a pidfd for a process that is not the
 * engine's child); active probes (HTTP GET, TCP connect, argv) run at intervals down to 100 ms. Everything seen
 * goes to the engine verticle as a {@code SupervisionReport}; the rules decide what to do. Depends on config, bus
 * and the executors' {@code ProcessRunner} (argv probes); never on rules or domain.
 */
package io.healingengine.supervise;
