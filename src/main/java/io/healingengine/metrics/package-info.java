/** Micrometer meters of the engine: names, tag keys, and the one class that records them. */
package io.healingengine.metrics;
