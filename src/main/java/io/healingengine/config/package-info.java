/**
 * Engine configuration: immutable records with documented defaults, read from YAML or JSON by
 * {@link io.healingengine.config.ConfigLoader} and validated at start. A bad value fails start-up with
 * a message naming its key. Depends on Jackson only.
 */
package io.healingengine.config;
