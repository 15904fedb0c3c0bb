package io.healingengine.config;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The inventory's services as an immutable list that also finds a service by id in constant time: every
 * signal's service is looked up on the request path, and a fleet has thousands of services (a linear
 * search over 2,000 took most of the ingest CPU).
 */
final class IndexedServices extends AbstractList<ServiceConfig> implements RandomAccess {
    private final List<ServiceConfig> services;
    private final Map<String, ServiceConfig> byId;

    IndexedServices(List<ServiceConfig> services) {
        this.services = List.copyOf(services);
        this.byId = new HashMap<>(this.services.size() * 2);
        for (ServiceConfig service : this.services) {
            byId.putIfAbsent(service.id(), service);
        }
    }

    ServiceConfig byId(String id) {
        return byId.get(id);
    }

    @Override
    public ServiceConfig get(int index) {
        return services.get(index);
    }

    @Override
    public int size() {
        return services.size();
    }
}
