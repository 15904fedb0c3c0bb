package io.healingengine.rules;

import io.healingengine.domain.Liveness;
import io.healingengine.domain.ManagedService;
import io.healingengine.domain.MetricState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The engine's index of the state facts it keeps in the session: one ManagedService and at most one
 * Liveness per service, one MetricState per (service, metric). Updates go in place, so the session
 * holds O(services × metrics) facts whatever the signal rate.
 */
public final class WorkingMemoryIndex {
    /** A metric's fact with its handle and the newest sender timestamp applied (to drop reordered signals). */
    private static final class MetricSlot {
        final MetricState state;
        final FactRef handle;
        long newestSenderTime;

        MetricSlot(MetricState state, FactRef handle, long newestSenderTime) {
            this.state = state;
            this.handle = handle;
            this.newestSenderTime = newestSenderTime;
        }
    }

    private record LivenessSlot(Liveness liveness, FactRef handle) {
    }

    private final RuleSession session;
    private final Map<String, ManagedService> services = new HashMap<>();
    private final Map<String, Map<String, MetricSlot>> metrics = new HashMap<>();
    private final Map<String, LivenessSlot> liveness = new HashMap<>();
    private int metricCount;

    public WorkingMemoryIndex(RuleSession session) {
        this.session = session;
    }

    public boolean knows(String serviceId) {
        return services.containsKey(serviceId);
    }

    public void register(ManagedService service) {
        if (services.putIfAbsent(service.getId(), service) == null) {
            session.insert(service);
        }
    }

    public void watchLiveness(String serviceId, long intervalMs, int missedLimit, long graceMs) {
        if (!liveness.containsKey(serviceId)) {
            Liveness l = new Liveness(serviceId, intervalMs, missedLimit, session.engineNow(), graceMs);
            liveness.put(serviceId, new LivenessSlot(l, session.insert(l)));
        }
    }

    /**
     * Registers every service of this index, with its liveness watch, in {@code other} — for a second
     * session that must know the same services (a shadow run of another rules version).
     */
    public void registerAllIn(WorkingMemoryIndex other, long graceMs) {
        services.values().forEach(other::register);
        liveness.values().forEach(slot -> other.watchLiveness(slot.liveness().getServiceId(),
                slot.liveness().getIntervalMs(), slot.liveness().getMissedLimit(), graceMs));
    }

    public boolean watchesLiveness(String serviceId) {
        return liveness.containsKey(serviceId);
    }

    public void heartbeat(String serviceId) {
        LivenessSlot slot = liveness.get(serviceId);
        if (slot != null) {
            slot.liveness().setLastHeartbeatAt(session.engineNow());
            session.update(slot.handle(), slot.liveness());
        }
    }

    /**
     * Applies one observation. Returns false when the sender's timestamp is older than one already
     * applied for the same metric (a reordered signal), which is then ignored.
     */
    public boolean observe(String serviceId, String metric, double value, Long senderTime) {
        long now = session.engineNow();
        long sent = senderTime == null ? session.now() : senderTime;
        Map<String, MetricSlot> ofService = metrics.computeIfAbsent(serviceId, id -> new HashMap<>());
        MetricSlot slot = ofService.get(metric);
        if (slot == null) {
            MetricState state = new MetricState(serviceId, metric, value, now);
            ofService.put(metric, new MetricSlot(state, session.insert(state), sent));
            metricCount++;
            return true;
        }
        if (sent < slot.newestSenderTime) {
            return false;
        }
        slot.newestSenderTime = sent;
        slot.state.observe(value, now);
        session.update(slot.handle, slot.state);
        return true;
    }

    /** The service's current metrics as a JSON object, e.g. for an incident's trigger. */
    public String metricsJson(String serviceId) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        metrics.getOrDefault(serviceId, Map.of()).forEach((metric, slot) ->
                json.add("\"" + metric + "\":" + slot.state.getValue()));
        return json.toString();
    }

    /** The current value of each metric of a service that has sent any. */
    public Map<String, Double> metricValues(String serviceId) {
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.getOrDefault(serviceId, Map.of()).forEach((metric, slot) -> values.put(metric, slot.state.getValue()));
        return values;
    }

    /** The services that have sent metrics. */
    public Set<String> servicesWithMetrics() {
        return java.util.Set.copyOf(metrics.keySet());
    }

    public int serviceCount() {
        return services.size();
    }

    public int metricCount() {
        return metricCount;
    }
}
