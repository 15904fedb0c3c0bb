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
    private final java.util.Map<String, Object> extensions;

    private ApiProblem(int status, String type, String title, String detail, String field, Long retryAfterSeconds) {
        this(status, type, title, detail, field, retryAfterSeconds, java.util.Map.of());
    }

    private ApiProblem(int status, String type, String title, String detail, String field, Long retryAfterSeconds,
                       java.util.Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
        this.extensions = extensions;
    }

    /** No credentials, or credentials the engine does not know. */
    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail, null, null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, null, null);
    }

    /** A kjar that does not load or would not run; {@code errors} lists every problem with its location. */
    public static ApiProblem invalidKjar(String detail, java.util.List<java.util.Map<String, String>> errors) {
        return new ApiProblem(422, "invalid-kjar", "Invalid kjar", detail, null, null, java.util.Map.of("errors", errors));
    }

    /** Signed kjars are required and this one is not signed, or not wholly, by the configured key. */
    public static ApiProblem unsignedKjar(String detail) {
        return new ApiProblem(422, "unsigned-kjar", "Unsigned kjar", detail, null, null);
    }

    public static ApiProblem busy(String detail, long retryAfterSeconds) {
        return new ApiProblem(409, "deploy-in-progress", "Deploy in progress", detail, null, retryAfterSeconds);
    }

    public static ApiProblem malformed(String detail) {
        return new ApiProblem(400, "malformed-json", "Malformed JSON", detail, null, null);
    }

    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(400, "invalid-field", "Invalid field", detail, field, null);
    }

    /** Invalid input in a request of several items, each item's outcome listed under {@code alerts}. */
    public static ApiProblem invalid(String field, String detail, java.util.List<Object> alerts) {
        return new ApiProblem(400, "invalid-field", "Invalid field", detail, field, null, java.util.Map.of("alerts", alerts));
    }

    /** Items refused only because their services are unknown, each item's outcome listed under {@code alerts}. */
    public static ApiProblem unknownServices(String field, String detail, java.util.List<Object> alerts) {
        return new ApiProblem(404, "unknown-service", "Unknown service", detail, field, null,
                java.util.Map.of("alerts", alerts));
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

    public static ApiProblem unsupportedMediaType(String contentType, String expected) {
        return new ApiProblem(415, "unsupported-media-type", "Unsupported media type", "the body must be " + expected
                + ", not " + contentType, null, null);
    }

    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, null, retryAfterSeconds);
    }

    /** The engine's queues are full: come back after {@code retryAfterSeconds}; nothing of the request was taken. */
    public static ApiProblem overloaded(String detail, long retryAfterSeconds) {
        return new ApiProblem(503, "overloaded", "Engine overloaded", detail, null, retryAfterSeconds);
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

    /** Members added to the problem document beside the standard ones (e.g. "errors"). */
    public java.util.Map<String, Object> extensions() {
        return extensions;
    }
}
