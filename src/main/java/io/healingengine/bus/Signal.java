package io.healingengine.bus;

import java.util.Map;

/**
 * One observation: a metric value of a service. {@code timestamp} is the sender's (epoch ms), or null
 * when it sent none; labels are data, never interpreted as commands.
 */
public record Signal(String service, String metric, double value, Long timestamp, Map<String, String> labels) {
    public Signal {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
