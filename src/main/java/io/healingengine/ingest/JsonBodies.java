package io.healingengine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict reading of JSON request bodies: every problem names the JSON pointer of its field. */
final class JsonBodies {
    static final int MAX_DEPTH = 16;
    static final int MAX_STRING = 4096;
    static final int MAX_NUMBER_DIGITS = 64;
    /** How far ahead of the engine's clock a sender's timestamp may be (clock skew between hosts). */
    static final long MAX_AHEAD_MS = 3_600_000;
    static final long EARLIEST_TIMESTAMP_MS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    /** The wall clock that bounds sender timestamps; the rule session keeps its own clock. */
    private static final java.time.Clock WALL_CLOCK = java.time.Clock.systemUTC();
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(1_000_000)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .build())
            .build());

    private JsonBodies() {
    }

    static JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw ApiProblem.malformed("the request has no body; send JSON");
        }
        try (JsonParser parser = MAPPER.createParser(body.getBytes())) {
            JsonNode node;
            try {
                node = MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw refusal(e, parser);
            }
            if (node == null || node.isMissingNode()) {
                throw ApiProblem.malformed("the request has no JSON value");
            }
            return node;
        } catch (IOException e) {
            throw ApiProblem.malformed("the body cannot be read: " + e.getMessage());
        }
    }

    private static ApiProblem refusal(JsonProcessingException e, JsonParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        pointer = pointer.isEmpty() ? "/" : clip(pointer);
        if (e instanceof StreamConstraintsException) {
            // past a limit (nesting depth, number or string length): name where, as for any invalid field
            return ApiProblem.invalid(pointer, "exceeds a limit of the API (nesting at most " + MAX_DEPTH
                    + " levels, numbers at most " + MAX_NUMBER_DIGITS + " characters): " + e.getOriginalMessage());
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return ApiProblem.malformed("the body is not valid JSON" + where + (pointer.equals("/") ? "" : " (in "
                + pointer + ")") + ": " + e.getOriginalMessage());
    }

    static void onlyKnownFields(JsonNode object, String pointer, Set<String> known) {
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiProblem.invalid(pointer + "/" + name, "unknown field '" + clip(name) + "' (known: " + known + ")");
            }
        }
    }

    static JsonNode object(JsonNode node, String pointer) {
        if (!node.isObject()) {
            throw ApiProblem.invalid(pointer.isEmpty() ? "/" : pointer, "must be a JSON object, but was " + kind(node));
        }
        return node;
    }

    static String requiredString(JsonNode object, String field, String pointer, Pattern pattern, String rule) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ApiProblem.invalid(pointer + "/" + field, "is required");
        }
        return string(value, pointer + "/" + field, pattern, rule);
    }

    static String optionalString(JsonNode object, String field, String pointer, int maxLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be a string, but was " + kind(value));
        }
        if (value.textValue().length() > maxLength) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be at most " + maxLength + " characters");
        }
        return value.textValue();
    }

    static String string(JsonNode value, String pointer, Pattern pattern, String rule) {
        if (!value.isTextual()) {
            throw ApiProblem.invalid(pointer, "must be a string, but was " + kind(value));
        }
        String text = value.textValue();
        if (!pattern.matcher(text).matches()) {
            throw ApiProblem.invalid(pointer, "'" + clip(text) + "' is not valid: " + rule);
        }
        return text;
    }

    /**
     * One object, or a non-empty array of at most {@code max} of them, each read by {@code each} with its
     * JSON pointer below {@code pointer} ("" for a lone object of a whole body, "/3" for the fourth of an
     * array, "/data/3" in a CloudEvent).
     */
    static <T> List<T> oneOrMany(JsonNode root, String pointer, int max, String what,
                                 java.util.function.BiFunction<JsonNode, String, T> each) {
        if (!root.isArray()) {
            return List.of(each.apply(root, pointer));
        }
        String whole = pointer.isEmpty() ? "/" : pointer;
        if (root.isEmpty()) {
            throw ApiProblem.invalid(whole, "the array holds no " + what);
        }
        if (root.size() > max) {
            throw ApiProblem.invalid(whole, "at most " + max + " " + what + " per request, but got " + root.size());
        }
        List<T> items = new java.util.ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            items.add(each.apply(root.get(i), pointer + "/" + i));
        }
        return items;
    }

    /** An optional whole number between {@code min} and {@code max}. */
    static Integer optionalInt(JsonNode object, String field, String pointer, int min, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be a whole number between " + min + " and " + max
                    + ", but was " + (value.isNumber() ? value.asText() : kind(value)));
        }
        return value.intValue();
    }

    static double finiteNumber(JsonNode object, String field, String pointer) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw ApiProblem.invalid(pointer + "/" + field, "is required");
        }
        if (!value.isNumber()) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be a number, but was " + kind(value));
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be a finite number");
        }
        return number;
    }

    static Long optionalPositiveLong(JsonNode object, String field, String pointer, long max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0 || value.longValue() > max) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be a whole number between 1 and " + max);
        }
        return value.longValue();
    }

    /**
     * Epoch milliseconds, or an RFC 3339 / ISO-8601 instant such as 2026-11-22T20:56:21.08Z, from 2000-01-01 to
     * {@link #MAX_AHEAD_MS} past the engine's clock: a sample from the far future would otherwise outrank every
     * later one of its metric (reordered samples are dropped) and an error would count as recent for years.
     */
    static Long optionalTimestamp(JsonNode object, String field, String pointer) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        long millis;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            millis = value.longValue();
        } else if (value.isTextual()) {
            try {
                millis = Instant.parse(value.textValue()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw ApiProblem.invalid(pointer + "/" + field, "'" + clip(value.textValue())
                        + "' is not an ISO-8601 instant such as 2026-11-22T20:56:21Z");
            }
        } else {
            throw ApiProblem.invalid(pointer + "/" + field, "must be epoch milliseconds or an ISO-8601 instant, but was "
                    + kind(value));
        }
        long latest = WALL_CLOCK.millis() + MAX_AHEAD_MS;
        if (millis < EARLIEST_TIMESTAMP_MS || millis > latest) {
            throw ApiProblem.invalid(pointer + "/" + field, "must lie between 2000-01-01T00:00:00Z and one hour "
                    + "past the engine's clock (" + Instant.ofEpochMilli(latest) + "), but was " + clip(value.asText()));
        }
        return millis;
    }

    static Map<String, String> labels(JsonNode object, String field, String pointer, int maxEntries,
                                      Pattern keyPattern, int maxValueLength) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiProblem.invalid(pointer + "/" + field, "must be an object of string values, but was " + kind(value));
        }
        if (value.size() > maxEntries) {
            throw ApiProblem.invalid(pointer + "/" + field, "must have at most " + maxEntries + " entries");
        }
        java.util.LinkedHashMap<String, String> labels = new java.util.LinkedHashMap<>();
        var fields = value.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            String at = pointer + "/" + field + "/" + clip(entry.getKey());
            if (!keyPattern.matcher(entry.getKey()).matches()) {
                throw ApiProblem.invalid(at, "label names must match " + keyPattern.pattern());
            }
            if (!entry.getValue().isTextual()) {
                throw ApiProblem.invalid(at, "must be a string, but was " + kind(entry.getValue()));
            }
            if (entry.getValue().textValue().length() > maxValueLength) {
                throw ApiProblem.invalid(at, "must be at most " + maxValueLength + " characters");
            }
            labels.put(entry.getKey(), entry.getValue().textValue());
        }
        return labels;
    }

    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }

    /** Echoing client text back (in problems and logs): bounded, on one line, without control characters. */
    static String clip(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", " ");
        return oneLine.length() > 64 ? oneLine.substring(0, 64) + "…" : oneLine;
    }
}
