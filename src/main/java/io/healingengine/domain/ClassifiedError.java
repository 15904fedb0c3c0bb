package io.healingengine.domain;

import java.util.Objects;

/**
 * Event: an {@link ErrorEvent} with the failure class the error taxonomy gave it ({@code out-of-memory},
 * {@code dependency-unreachable} … or {@value #UNCLASSIFIED}) and the rule that did: a row of the taxonomy
 * table, or {@code classify-unmatched-error}. Rules and policies that care about failure classes match
 * this fact. Declared as an expiring event in {@code rules/errors/taxonomy.drl}.
 */
public final class ClassifiedError {
    /** The class of an error that no row of the taxonomy matched. */
    public static final String UNCLASSIFIED = "unclassified";

    private final ErrorEvent error;
    private final String failureClass;
    private final String classifiedBy;

    public ClassifiedError(ErrorEvent error, String failureClass, String classifiedBy) {
        this.error = Objects.requireNonNull(error, "error");
        if (failureClass == null || failureClass.isBlank()) {
            throw new IllegalArgumentException("failureClass must not be blank (rule " + classifiedBy + ")");
        }
        this.failureClass = failureClass.strip();
        this.classifiedBy = Objects.requireNonNull(classifiedBy, "classifiedBy");
    }

    public ErrorEvent getError() {
        return error;
    }

    public String getServiceId() {
        return error.getServiceId();
    }

    public String getFailureClass() {
        return failureClass;
    }

    /** The name of the rule that classified the error. */
    public String getClassifiedBy() {
        return classifiedBy;
    }

    /** The error's own time, so the classification expires with it. */
    public long getAt() {
        return error.getAt();
    }

    @Override
    public String toString() {
        return "ClassifiedError[" + failureClass + " by " + classifiedBy + ": " + error + "]";
    }
}
