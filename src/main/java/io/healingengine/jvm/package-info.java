/**
 * Settings of the engine's own JVM that the process sets for itself when it serves (not when the engine runs
 * embedded in another program): today the heap goal of ZGC ({@link io.healingengine.jvm.SoftHeapLimit}).
 */
package io.healingengine.jvm;
