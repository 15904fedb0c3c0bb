package io.healingengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.healingengine.bus.ErrorReport;
import io.healingengine.config.ServiceConfig;
import io.healingengine.ingest.problem.ApiProblem;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an error a service reports: {@code {"service", "exceptionType"?, "message"?, "stackExcerpt"?,
 * "exitCode"?}} (the fields of {@link io.healingengine.domain.ErrorEvent}); at least one of exception type,
 * message and exit code.
 */
final class ErrorParser {
    static final Set<String> FIELDS = Set.of("service", "exceptionType", "message", "stackExcerpt", "exitCode");
    /** A fully qualified Java class name, e.g. java.net.ConnectException or a nested Outer$Inner. */
    static final Pattern EXCEPTION_TYPE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*){0,63}");
    static final int MAX_EXCEPTION_TYPE = 256;
    static final int MAX_MESSAGE = 4_096;
    static final int MAX_STACK_EXCERPT = 16_384;

    private ErrorParser() {
    }

    /** @param pointer where the error lies in the request ("" for the whole body) */
    static ErrorReport parse(JsonNode node, String pointer) {
        JsonBodies.object(node, pointer);
        JsonBodies.onlyKnownFields(node, pointer, FIELDS);
        String service = JsonBodies.requiredString(node, "service", pointer, ServiceConfig.ID_PATTERN,
                "service ids are 1-128 letters, digits, '.', '_', ':' or '-'");
        String exceptionType = JsonBodies.optionalString(node, "exceptionType", pointer, MAX_EXCEPTION_TYPE);
        if (exceptionType != null && !EXCEPTION_TYPE.matcher(exceptionType).matches()) {
            throw ApiProblem.invalid(pointer + "/exceptionType", "'" + JsonBodies.clip(exceptionType)
                    + "' is not a fully qualified class name such as java.net.ConnectException");
        }
        String message = JsonBodies.optionalString(node, "message", pointer, MAX_MESSAGE);
        String stackExcerpt = JsonBodies.optionalString(node, "stackExcerpt", pointer, MAX_STACK_EXCERPT);
        Integer exitCode = exitCode(node, pointer);
        if (exceptionType == null && message == null && exitCode == null) {
            throw ApiProblem.invalid(pointer.isEmpty() ? "/" : pointer,
                    "an error needs at least one of exceptionType, message and exitCode");
        }
        return new ErrorReport(service, exceptionType, message, stackExcerpt, exitCode);
    }

    private static Integer exitCode(JsonNode node, String pointer) {
        JsonNode value = node.get("exitCode");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 255) {
            throw ApiProblem.invalid(pointer + "/exitCode", "must be a whole number between 0 and 255, but was "
                    + (value.isNumber() ? value.asText() : JsonBodies.kind(value)));
        }
        return value.intValue();
    }
}
