package io.healingengine.config;

import java.nio.file.Path;

/**
 * The whole configuration. Every part has defaults, so an empty file (or none) runs the engine on
 * 127.0.0.1:8080 with data in ./data, accepting signals from any service.
 *
 * @param dataDir   directory of the audit database, the deployed kjars and other state (default ./data)
 * @param actions   action timeouts and which executors run ({@link ActionsConfig})
 * @param selfWatch the engine's checks of its own invariants ({@link SelfWatchConfig})
 * @param database  an external database (PostgreSQL) for the audit trail and the engine's state; default
 *                  the embedded H2 database in dataDir ({@link DatabaseConfig})
 * @param auth      API tokens and what is open without one (default: no tokens; ingest and reading open
 *                  while the server listens on loopback)
 * @param intake    bounds of the hand-off from ingest to the engine and the audit store, and fsync before 202
 */
public record EngineConfig(ServerConfig server, String dataDir, EngineSettings engine, InventoryConfig inventory,
                           OncallConfig oncall, DeployConfig deploy,
                           IntegrationsConfig integrations, ActionsConfig actions, SelfWatchConfig selfWatch,
                           DatabaseConfig database, AuthConfig auth, IntakeConfig intake) {
    public static final String DEFAULT_DATA_DIR = "data";

    public EngineConfig {
        server = server == null ? ServerConfig.ofDefaults() : server;
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        engine = engine == null ? EngineSettings.ofDefaults() : engine;
        inventory = inventory == null ? InventoryConfig.ofDefaults() : inventory;
        oncall = oncall == null ? OncallConfig.ofDefaults() : oncall;
        deploy = deploy == null ? DeployConfig.ofDefaults() : deploy;
        integrations = integrations == null ? IntegrationsConfig.ofDefaults() : integrations;
        actions = actions == null ? ActionsConfig.ofDefaults() : actions;
        selfWatch = selfWatch == null ? SelfWatchConfig.ofDefaults() : selfWatch;
        database = database == null ? DatabaseConfig.ofDefaults() : database;
        auth = auth == null ? AuthConfig.ofDefaults() : auth;
        intake = intake == null ? IntakeConfig.ofDefaults() : intake;
        ConfigException.check(!dataDir.isBlank(), "dataDir", "must not be blank");
        auth.checkAgainst(server, deploy);
    }

    /** A configuration with default actions, self-watch, database, auth and intake settings. */
    public EngineConfig(ServerConfig server, String dataDir, EngineSettings engine, InventoryConfig inventory,
                        OncallConfig oncall, DeployConfig deploy, IntegrationsConfig integrations) {
        this(server, dataDir, engine, inventory, oncall, deploy, integrations, null, null, null, null, null);
    }

    public static EngineConfig ofDefaults() {
        return new EngineConfig(null, null, null, null, null, null, null);
    }

    public EngineConfig withIntake(IntakeConfig newIntake) {
        return new EngineConfig(server, dataDir, engine, inventory, oncall, deploy, integrations, actions, selfWatch,
                database, auth, newIntake);
    }

    public Path dataPath() {
        return Path.of(dataDir);
    }

    public EngineConfig withPort(int port) {
        return new EngineConfig(server.withPort(port), dataDir, engine, inventory, oncall, deploy, integrations, actions,
                selfWatch, database, auth, intake);
    }

    public EngineConfig withDataDir(String dir) {
        return new EngineConfig(server, dir, engine, inventory, oncall, deploy, integrations, actions, selfWatch,
                database, auth, intake);
    }

    public EngineConfig withDeploy(DeployConfig newDeploy) {
        return new EngineConfig(server, dataDir, engine, inventory, oncall, newDeploy, integrations, actions, selfWatch,
                database, auth, intake);
    }
}
