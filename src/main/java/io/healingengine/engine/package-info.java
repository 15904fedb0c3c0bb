/**
 * The rule engine verticle — the single owner and writer of the KieSession — and the glue between the
 * session and the edges: it turns signals into state facts, drains the decision sink after every
 * evaluation, hands actions to the dispatcher, and writes the decision chain to the audit store.
 * Depends on rules, domain, bus, dispatch, audit, metrics, config.
 */
package io.healingengine.engine;
