/**
 * Stand-alone demo programs, not part of the engine: {@link io.healingengine.demo.DemoService} plays a
 * production service (heartbeats, metrics, chaos switches, action webhooks) and
 * {@link io.healingengine.demo.DemoServiceControl} is the operator-style command that starts, stops and
 * restarts it as a real OS process. Each runs in its own JVM.
 *
 * <p>Allowed dependencies: the JDK only. Nothing here imports engine packages, and the engine uses this
 * package only for the argv helpers of {@code DemoServiceControl}.
 */
package io.healingengine.demo;
