package io.healingengine.domain;

import java.util.Objects;

/**
 * Event: an error a service reported — an exception it threw or logged, or the exit code its process
 * ended with. The error taxonomy ({@code decision-tables/errors/ErrorTaxonomy.drl.xlsx}, with the fallback in
 * {@code rules/errors/taxonomy.drl}) turns every one into exactly one {@link ClassifiedError} and consumes it.
 * Declared as an expiring event in that DRL. Missing text is the empty string, never null.
 */
public final class ErrorEvent {
    private final String serviceId;
    private final String exceptionType;
    private final String message;
    private final String stackExcerpt;
    private final Integer exitCode;
    private final long at;

    /**
     * @param exceptionType fully qualified class name of the exception, e.g. {@code java.lang.OutOfMemoryError}
     * @param exitCode      the process's exit code, or null if it did not exit (or nobody knows)
     * @param at            engine time (epoch ms) of the error
     */
    public ErrorEvent(String serviceId, String exceptionType, String message, String stackExcerpt, Integer exitCode,
                      long at) {
        this.serviceId = Objects.requireNonNull(serviceId, "serviceId");
        this.exceptionType = exceptionType == null ? "" : exceptionType.strip();
        this.message = message == null ? "" : message;
        this.stackExcerpt = stackExcerpt == null ? "" : stackExcerpt;
        this.exitCode = exitCode;
        this.at = at;
    }

    public String getServiceId() {
        return serviceId;
    }

    public String getExceptionType() {
        return exceptionType;
    }

    public String getMessage() {
        return message;
    }

    public String getStackExcerpt() {
        return stackExcerpt;
    }

    /** Null when the error did not end the process. */
    public Integer getExitCode() {
        return exitCode;
    }

    public long getAt() {
        return at;
    }

    @Override
    public String toString() {
        return "ErrorEvent[" + serviceId + (exceptionType.isEmpty() ? "" : " " + exceptionType)
                + (message.isEmpty() ? "" : ": " + message) + (exitCode == null ? "" : ", exit " + exitCode) + "]";
    }
}
