package io.healingengine.bus;

import java.util.List;

/** Signals of one accepted request, with the moment they were accepted (System.nanoTime). */
public record SignalBatch(List<Signal> signals, long acceptedNanos) {
}
