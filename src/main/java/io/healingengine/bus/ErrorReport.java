package io.healingengine.bus;

/**
 * An error a service reported — an exception it threw or logged, or the exit code its process ended
 * with — as the API received it. The engine turns it into an {@link io.healingengine.domain.ErrorEvent}
 * at its own time, which the error taxonomy classifies.
 *
 * @param exitCode the process's exit code, or null if it did not exit
 */
public record ErrorReport(String service, String exceptionType, String message, String stackExcerpt,
                          Integer exitCode) {
}
