package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's inventory: the services the engine may act on.
 *
 * @param autoRegister accept signals from services not listed, registering them on first sight with the
 *                     default tier and no restart command (default true; false answers 404)
 * @param defaultTier  tier of auto-registered services (default "standard")
 * @param services     the listed services
 */
public record InventoryConfig(Boolean autoRegister, String defaultTier, List<ServiceConfig> services) {
    public InventoryConfig {
        autoRegister = autoRegister == null || autoRegister;
        defaultTier = defaultTier == null ? ServiceConfig.DEFAULT_TIER : defaultTier;
        services = services == null ? List.of() : List.copyOf(services);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            ServiceConfig service = services.get(i);
            check(service != null, "inventory.services[" + i + "]", "must not be empty");
            service.validate("inventory.services[" + i + "]");
            check(seen.add(service.id()), "inventory.services[" + i + "].id", "repeats the id '" + service.id() + "'");
        }
        services = new IndexedServices(services);
    }

    public static InventoryConfig ofDefaults() {
        return new InventoryConfig(null, null, null);
    }

    public Optional<ServiceConfig> find(String id) {
        return Optional.ofNullable(((IndexedServices) services).byId(id));
    }
}
