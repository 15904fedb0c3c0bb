package io.healingengine.config;

import java.util.Locale;

/**
 * What an API token may do. A higher role includes the lower ones: an admin may do what an operator may,
 * an operator what an ingest token may.
 */
public enum Role {
    /** Send signals, heartbeats, errors, alerts and CloudEvents; read incidents, history and versions. */
    INGEST,
    /** Also approve or deny actions, ask for a heal by hand, lift freezes. */
    OPERATOR,
    /** Also deploy, promote, discard and roll back kjars. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The name used in configuration, logs and problems: {@code ingest}, {@code operator}, {@code admin}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String raw, String key) {
        for (Role role : values()) {
            if (role.key().equals(raw)) {
                return role;
            }
        }
        throw new ConfigException(key, "must be one of ingest, operator, admin, but was '" + raw + "'");
    }
}
