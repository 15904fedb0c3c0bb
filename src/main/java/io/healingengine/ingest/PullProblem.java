package io.healingengine.ingest;

/**
 * Why (part of) one evaluation of a Prometheus query came to nothing. {@link #reason()} is the fixed
 * word of the log line {@code self_heal event=prometheus_query_failed … reason=…} and of the metric tag.
 */
enum PullProblem {
    /** No connection to Prometheus (refused, unknown host, reset). */
    UNREACHABLE("unreachable"),
    /** Prometheus did not answer within timeoutSeconds. */
    TIMEOUT("timeout"),
    /** Prometheus answered {@code "status":"error"}: a bad query (bad_data), an execution error, its own timeout. */
    QUERY_ERROR("query_error"),
    /** An HTTP status that is not 200 without a Prometheus error body (a proxy, a wrong URL). */
    HTTP_STATUS("http_status"),
    /** The body is not a Prometheus query answer, or its result type is not vector or scalar. */
    BAD_RESPONSE("bad_response"),
    /** More series than one signals request may carry (server.maxSignalsPerRequest). */
    TOO_MANY_SERIES("too_many_series"),
    /** A sample is NaN or ±Inf. */
    NOT_FINITE("not_finite"),
    /** A series lacks the query's serviceLabel, or a scalar result meets a query without a fixed service. */
    MISSING_LABEL("missing_label"),
    /** The label value is not a valid service id. */
    INVALID_SERVICE("invalid_service"),
    /** The service is not in the inventory and inventory.autoRegister is false. */
    UNKNOWN_SERVICE("unknown_service"),
    /** Several series name the same service: which value counts is ambiguous; aggregate by the label. */
    DUPLICATE_SERVICE("duplicate_service"),
    /** The engine did not take the signals in time. */
    ENGINE_UNAVAILABLE("engine_unavailable");

    private final String reason;

    PullProblem(String reason) {
        this.reason = reason;
    }

    String reason() {
        return reason;
    }

    /** One problem of one evaluation, with what the log line says about it. */
    record Occurrence(PullProblem problem, String detail) {
    }

    /** The evaluation as a whole failed. */
    static final class PullException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final PullProblem problem;

        PullException(PullProblem problem, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
        }

        PullProblem problem() {
            return problem;
        }
    }
}
