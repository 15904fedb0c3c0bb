/**
 * Executor verticles, one consumer per action kind. They act only from the operator's inventory
 * (argv lists, webhook URLs); fields of an event are data and never become command text, file paths
 * or headers.
 */
package io.healingengine.dispatch.executors;
