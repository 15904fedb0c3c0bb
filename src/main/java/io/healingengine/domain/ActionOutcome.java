package io.healingengine.domain;

/** What an executor reports for one action request. */
public enum ActionOutcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    /** Refused before it ran (unknown service, no executor configured for it …). */
    REJECTED,
    /**
     * Nobody knows: the engine stopped while the action was in flight. It is verified, never repeated
     * blindly: the service's signals after the action decide.
     */
    UNKNOWN
}
