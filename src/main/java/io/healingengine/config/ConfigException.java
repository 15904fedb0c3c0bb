package io.healingengine.config;

/** The configuration is unusable; the message names the offending key. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration key '" + key + "' " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }

    static void check(boolean ok, String key, String problem) {
        if (!ok) {
            throw new ConfigException(key, problem);
        }
    }
}
