package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.Signal;
import io.healingengine.config.ServiceConfig;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code POST /api/v1/signals}: one signal object or an array of them, each
 * {@code {"service", "metric", "value", "timestamp"?, "labels"?}}.
 */
final class SignalParser {
    static final Pattern METRIC = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.]{0,127}");
    static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    static final int MAX_LABELS = 32;
    static final int MAX_LABEL_VALUE = 256;
    private static final Set<String> FIELDS = Set.of("service", "metric", "value", "timestamp", "labels");

    private SignalParser() {
    }

    static List<Signal> parse(Buffer body, int maxSignals) {
        return parse(JsonBodies.parse(body), maxSignals, "");
    }

    /** @param pointer where {@code root} lies in the request ("" for the whole body, "/data" in a CloudEvent) */
    static List<Signal> parse(JsonNode root, int maxSignals, String pointer) {
        return JsonBodies.oneOrMany(root, pointer, maxSignals, "signals", SignalParser::signal);
    }

    private static Signal signal(JsonNode node, String pointer) {
        JsonBodies.object(node, pointer);
        JsonBodies.onlyKnownFields(node, pointer, FIELDS);
        String service = JsonBodies.requiredString(node, "service", pointer, ServiceConfig.ID_PATTERN,
                "service ids are 1-128 letters, digits, '.', '_', ':' or '-'");
        String metric = JsonBodies.requiredString(node, "metric", pointer, METRIC,
                "metric names are 1-128 characters matching " + METRIC.pattern());
        double value = JsonBodies.finiteNumber(node, "value", pointer);
        Long timestamp = JsonBodies.optionalTimestamp(node, "timestamp", pointer);
        return new Signal(service, metric, value, timestamp,
                JsonBodies.labels(node, "labels", pointer, MAX_LABELS, LABEL_NAME, MAX_LABEL_VALUE));
    }
}
