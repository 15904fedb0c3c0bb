package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one CloudEvent 1.0 from an HTTP request, in structured mode (the whole event as
 * {@code application/cloudevents+json}) or binary mode (the attributes in {@code ce-*} headers, the data as
 * the body), with the CloudEvents SDK; then its data as JSON. The required attributes are checked here first,
 * so that every refusal names the attribute ({@code field}: {@code specversion}, {@code id}, {@code source},
 * {@code type} …, whichever the mode) or the JSON pointer into the data ({@code /data…}).
 */
final class CloudEventReader {
    static final String STRUCTURED_TYPE = JsonFormat.CONTENT_TYPE;
    private static final List<String> REQUIRED = List.of("id", "source", "type");
    /** Where the SDK's messages name the attribute: for "time", name: Bad-Ext, attribute id, mandatory type attribute … */
    /** CloudEvents attribute names: lower-case letters and digits (spec 1.0, "Attribute Naming Convention"). */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]{1,64}");
    private static final Pattern SDK_FIELD = Pattern.compile(
            "for \"([^\"]+)\"|name: (\\S+)|mandatory (\\w+) attribute|attribute (\\w+)|Attribute '([^']+)'");

    /** An event, and whether it came in binary mode (its data then is the request body). */
    record Read(CloudEvent event, boolean binary) {
    }

    private CloudEventReader() {
    }

    static Read read(MultiMap headers, Buffer body) {
        String contentType = headers.get("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (type.startsWith("application/cloudevents-batch")) {
            throw ApiProblem.unsupportedMediaType(contentType, "one event: structured (" + STRUCTURED_TYPE
                    + ") or binary (ce-* headers); the batched mode is not accepted");
        }
        if (type.startsWith("application/cloudevents")) {
            if (!type.startsWith(STRUCTURED_TYPE)) {
                throw ApiProblem.unsupportedMediaType(contentType, STRUCTURED_TYPE + " (the JSON event format)");
            }
            return new Read(structured(body), false);
        }
        if (headers.contains("ce-specversion")) {
            return new Read(binary(headers, body), true);
        }
        throw ApiProblem.invalid("specversion", "not a CloudEvent: send it structured (Content-Type: "
                + STRUCTURED_TYPE + ") or binary (ce-specversion, ce-id, ce-source and ce-type headers)");
    }

    private static CloudEvent structured(Buffer body) {
        JsonNode root = JsonBodies.object(JsonBodies.parse(body), "");
        JsonNode version = root.get("specversion");
        specVersion(version == null || version.isNull() ? null : version.isTextual() ? version.textValue()
                : JsonBodies.kind(version));
        for (String attribute : REQUIRED) {
            JsonNode value = root.get(attribute);
            if (value == null || value.isNull()) {
                throw ApiProblem.invalid(attribute, "is required");
            }
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw ApiProblem.invalid(attribute, "must be a non-empty string, but was "
                        + (value.isTextual() ? "empty" : JsonBodies.kind(value)));
            }
        }
        try {
            return EventFormatProvider.getInstance().resolveFormat(STRUCTURED_TYPE).deserialize(body.getBytes());
        } catch (EventDeserializationException | CloudEventRWException | IllegalStateException e) {
            throw fromSdk(e);
        }
    }

    private static CloudEvent binary(MultiMap headers, Buffer body) {
        specVersion(headers.get("ce-specversion"));
        for (String attribute : REQUIRED) {
            String value = headers.get("ce-" + attribute);
            if (value == null || value.isBlank()) {
                throw ApiProblem.invalid(attribute, value == null ? "is required (header ce-" + attribute + ")"
                        : "must not be empty (header ce-" + attribute + ")");
            }
        }
        Map<String, String> single = new HashMap<>();
        headers.forEach(header -> single.putIfAbsent(header.getKey(), header.getValue()));
        try {
            return HttpMessageFactory.createReader(single, body == null || body.length() == 0 ? null : body.getBytes())
                    .toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw fromSdk(e);
        }
    }

    private static void specVersion(String version) {
        if (version == null) {
            throw ApiProblem.invalid("specversion", "is required");
        }
        if (!SpecVersion.V1.toString().equals(version)) {
            throw ApiProblem.invalid("specversion", "must be \"1.0\" (CloudEvents 1.0), but was '"
                    + JsonBodies.clip(version) + "'");
        }
    }

    /** The SDK's refusal, naming the attribute its message names. */
    private static ApiProblem fromSdk(RuntimeException e) {
        Throwable cause = e.getCause() != null && e instanceof EventDeserializationException ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String firstLine = message.lines().findFirst().orElse(message).strip();
        Matcher named = SDK_FIELD.matcher(firstLine);
        String field = "/";
        if (named.find()) {
            for (int g = 1; g <= named.groupCount(); g++) {
                if (named.group(g) != null) {
                    field = named.group(g);
                    break;
                }
            }
        }
        if (!ATTRIBUTE_NAME.matcher(field).matches()) {
            field = "/"; // the SDK quoted something that is no attribute name (an extension named with spaces …)
        }
        return ApiProblem.invalid(field, "not a valid CloudEvent: " + JsonBodies.clip(firstLine));
    }

    /**
     * The event's data as JSON. Data must be JSON ({@code datacontenttype} absent, {@code application/json} or
     * {@code …+json}) and present.
     */
    static JsonNode data(Read read) {
        CloudEvent event = read.event();
        String contentType = event.getDataContentType();
        if (contentType != null && !isJson(contentType)) {
            throw ApiProblem.unsupportedMediaType(contentType, "JSON data (datacontenttype application/json)");
        }
        if (event.getData() == null) {
            throw ApiProblem.invalid("/data", "is required: the event carries no data");
        }
        if (event.getData() instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        Buffer bytes = Buffer.buffer(event.getData().toBytes());
        if (read.binary()) {
            return JsonBodies.parse(bytes);
        }
        try {
            return JsonBodies.parse(bytes);
        } catch (ApiProblem notJson) {
            throw ApiProblem.invalid("/data_base64", "does not hold JSON: " + notJson.getMessage());
        }
    }

    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
    }

    /**
     * Data that names no service takes it from the event: its {@code subject}, or else its {@code source} when
     * the whole source is a service id. Data that names one keeps it.
     */
    static JsonNode withService(JsonNode data, CloudEvent event) {
        String service = serviceOf(event);
        if (service == null) {
            return data;
        }
        JsonNode copy = data.deepCopy();
        if (copy.isObject()) {
            fill(copy, service);
        } else if (copy.isArray()) {
            copy.forEach(element -> fill(element, service));
        }
        return copy;
    }

    private static void fill(JsonNode node, String service) {
        if (node instanceof ObjectNode object && !object.has("service")) {
            object.put("service", service);
        }
    }

    private static String serviceOf(CloudEvent event) {
        if (event.getSubject() != null && ServiceConfig.ID_PATTERN.matcher(event.getSubject()).matches()) {
            return event.getSubject();
        }
        String source = event.getSource() == null ? null : event.getSource().toString();
        return source != null && ServiceConfig.ID_PATTERN.matcher(source).matches() ? source : null;
    }
}
