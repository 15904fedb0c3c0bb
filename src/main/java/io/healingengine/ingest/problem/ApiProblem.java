package io.healingengine.ingest.problem;

/**
 * A request the API refuses, with the HTTP status, a stable problem type, and — for invalid input —
 * the JSON pointer of the offending field.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final Long retryAfterSeconds;

    private ApiProblem(int status, String type, String title, String detail, String field, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiProblem malformed(String detail) {
        return new ApiProblem(400, "malformed-json", "Malformed JSON", detail, null, null);
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, "invalid-field", "Invalid field", detail, field, null);
    }

    public static ApiProblem unknownService(String field, String serviceId) {
        return new ApiProblem(404, "unknown-service", "Unknown service", "service '" + serviceId
                + "' is not in the inventory and auto-registration is off", field, null);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, null, null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, null, null);
    }

    public static ApiProblem unsupportedMediaType(String contentType) {
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type", "the body must be JSON sent as "
                + "Content-Type: application/json, not " + contentType + " (with curl: -H 'Content-Type: application/json')", null, null);
    }

    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
