package io.healingengine.bus;

/** The engine's answer to a {@link HealCommand}: the incident opened, or why it was refused. */
public record HealAnswer(String incidentId, String refusal) {
    public boolean accepted() {
        return incidentId != null;
    }
}
