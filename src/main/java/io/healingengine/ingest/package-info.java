/**
 * The edge: HTTP routes that parse and validate input into bus messages, with RFC 9457 problem+json for
 * every failure, and the Prometheus pull, which turns PromQL query results into the same signal
 * messages. Nothing here evaluates rules; it talks to the engine over the event bus.
 */
package io.healingengine.ingest;
