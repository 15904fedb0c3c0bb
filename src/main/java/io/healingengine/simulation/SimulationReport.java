package io.healingengine.simulation;

import java.util.List;

/** What a scenario made the rules decide, in order, with the rule behind each decision. */
public record SimulationReport(List<Entry> timeline, List<IncidentOutcome> incidents, List<NearMiss> nearMisses) {

    /** One decision step at an offset (ms) from the scenario's start. */
    public record Entry(long atMs, String event, String rule, String service, String detail) {
    }

    /** How an incident ended (or stood when the scenario ended). */
    public record IncidentOutcome(String service, String trigger, String status, List<String> actionsRun) {
    }

    /** A policy row that did not match a service but nearly did, and the conditions that missed. */
    public record NearMiss(long atMs, String policy, String service, List<String> held, List<String> missed) {
    }
}
