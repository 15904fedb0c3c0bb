/** The command line: parses arguments, builds the configuration, starts the engine. Nothing else. */
package io.healingengine.cli;
