package io.healingengine.bus;

/** A person approves or denies a pending approval. */
public record DecideApproval(String approvalId, boolean approve, String by, String reason) {
}
