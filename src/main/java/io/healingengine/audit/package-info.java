/**
 * The durable audit trail of the engine: every incident with its decision chain (the steps, in the
 * order they happened: trigger, rules fired, diagnosis, proposals, actions, verdict) and every
 * healing action with its outcome, kept in a relational database so that they survive a restart and
 * can be served by the API.
 *
 * <p>{@link io.healingengine.audit.AuditStore} is the only entry point. By default it runs an
 * embedded H2 database in FILE mode under the engine's data directory; the schema is created and
 * upgraded by Flyway from {@code db/migration}, in SQL that runs unchanged on PostgreSQL.
 *
 * <p>Allowed dependencies: the JDK ({@code java.sql}, {@code java.nio}, {@code java.time}), H2,
 * Flyway and SLF4J. No Vert.x, no Drools, no Jackson, and no other package of the engine: callers map
 * their facts to the records of this package, which carry only strings, numbers and instants.
 */
package io.healingengine.audit;
