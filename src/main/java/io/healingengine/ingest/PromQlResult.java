package io.healingengine.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.ingest.PullProblem.PullException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the answer of Prometheus' instant query API ({@code GET /api/v1/query}): an instant vector or a
 * scalar. Values come as strings, and may be "NaN", "+Inf" or "-Inf"; timestamps are seconds with a
 * fraction. See https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries.
 */
final class PromQlResult {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build());
    private static final int MAX_DETAIL = 300;

    /** One sample: the series' labels (without {@code __name__}), its time (epoch ms) and its value. */
    record Sample(Map<String, String> labels, long timestampMs, double value) {
    }

    private PromQlResult() {
    }

    /**
     * The samples of an answer. A JSON error answer (any HTTP status) is a {@link PullProblem#QUERY_ERROR};
     * anything else that is not a vector or scalar success is a {@link PullProblem#BAD_RESPONSE}.
     *
     * @param maxSeries more series than this are a {@link PullProblem#TOO_MANY_SERIES}
     */
    static List<Sample> parse(int httpStatus, byte[] body, int maxSeries) {
        JsonNode root = json(httpStatus, body);
        String status = root.path("status").asText("");
        if ("error".equals(status)) {
            throw new PullException(PullProblem.QUERY_ERROR, root.path("errorType").asText("unknown") + ": "
                    + clip(root.path("error").asText("(no message)")));
        }
        if (!"success".equals(status) || httpStatus != 200) {
            throw new PullException(httpStatus != 200 ? PullProblem.HTTP_STATUS : PullProblem.BAD_RESPONSE,
                    "HTTP " + httpStatus + " with status '" + clip(status) + "'");
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        return switch (type) {
            case "vector" -> vector(result, maxSeries);
            case "scalar" -> List.of(new Sample(Map.of(), time(result), value(result)));
            default -> throw new PullException(PullProblem.BAD_RESPONSE, "result type '" + clip(type)
                    + "' is not vector or scalar" + ("matrix".equals(type) ? " (a range selector [..] needs a function"
                    + " around it, e.g. rate(...[1m]))" : ""));
        };
    }

    private static JsonNode json(int httpStatus, byte[] body) {
        try {
            JsonNode root = body == null || body.length == 0 ? null : MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // not JSON: reported below
        }
        throw new PullException(httpStatus == 200 ? PullProblem.BAD_RESPONSE : PullProblem.HTTP_STATUS,
                "HTTP " + httpStatus + " without a Prometheus JSON answer: "
                        + clip(body == null ? "" : new String(body, 0, Math.min(body.length, MAX_DETAIL),
                        java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static List<Sample> vector(JsonNode result, int maxSeries) {
        if (!result.isArray()) {
            throw new PullException(PullProblem.BAD_RESPONSE, "data.result of a vector is not an array");
        }
        if (result.size() > maxSeries) {
            throw new PullException(PullProblem.TOO_MANY_SERIES, result.size() + " series, at most " + maxSeries
                    + " are taken; aggregate, e.g. max by (job) (...)");
        }
        List<Sample> samples = new ArrayList<>(result.size());
        for (JsonNode series : result) {
            JsonNode metric = series.path("metric");
            Map<String, String> labels = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = metric.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> label = fields.next();
                if (!"__name__".equals(label.getKey())) {
                    labels.put(label.getKey(), label.getValue().asText());
                }
            }
            JsonNode value = series.path("value");
            samples.add(new Sample(labels, time(value), value(value)));
        }
        return samples;
    }

    private static long time(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
            throw new PullException(PullProblem.BAD_RESPONSE, "a value is not [seconds, \"value\"]: " + clip(pair.toString()));
        }
        return Math.round(pair.get(0).doubleValue() * 1000);
    }

    /** The sample's value; NaN and ±Inf are kept here and refused by the caller, which knows the series. */
    private static double value(JsonNode pair) {
        String text = pair.get(1).asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new PullException(PullProblem.BAD_RESPONSE, "a value is not a number: '" + clip(text) + "'");
                }
            }
        };
    }

    /** Text from Prometheus on one bounded log line. */
    static String clip(String text) {
        String oneLine = text.replace('\r', ' ').replace('\n', ' ').replace('"', '\'');
        return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
    }
}
