/**
 * The HTTP edge: routes that parse and validate input into bus messages, and RFC 9457 problem+json
 * for every failure. Nothing here evaluates rules; it talks to the engine over the event bus.
 */
package io.healingengine.ingest;
