/**
 * Event-bus vocabulary shared by the verticles: {@link io.healingengine.bus.Addresses}, the local
 * pass-through codec, and the message records that travel between ingest, engine, dispatch and audit.
 * Depends on domain and Vert.x core.
 */
package io.healingengine.bus;
