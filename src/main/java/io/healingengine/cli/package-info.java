/**
 * The command line: parses arguments, builds the configuration, starts the engine; and, for deploy,
 * rollback and versions, talks to a running engine over its HTTP API (EngineClient). Nothing else.
 */
package io.healingengine.cli;
