package io.healingengine.bus;

/**
 * An error a service reports ({@code POST /api/v1/errors}), validated at the edge.
 *
 * @param timestamp epoch ms the error happened, or null for "now"
 */
public record ErrorReport(String service, String exceptionType, String message, String stackExcerpt, Integer exitCode,
                          Long timestamp) {
}
