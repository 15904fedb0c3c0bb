package io.healingengine.bus;

/** The engine's answer to a {@link DecideApproval}: what became of the approval, or why nothing did. */
public record DecisionAnswer(Outcome outcome, ApprovalView approval) {
    /** Whether the decision was taken. */
    public enum Outcome { DECIDED, NOT_FOUND, NOT_PENDING }
}
