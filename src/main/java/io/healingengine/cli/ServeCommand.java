package io.healingengine.cli;

import io.healingengine.HealingEngine;
import io.healingengine.config.ConfigException;
import io.healingengine.config.ConfigLoader;
import io.healingengine.config.EngineConfig;
import io.healingengine.jvm.SoftHeapLimit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: runs the engine until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the engine (default: 127.0.0.1:8080, data in ./data, the rules shipped in the jar).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (overrides server.port; 0 = any free port)")
    Integer port;

    @Option(names = "--data-dir", description = "data directory (overrides dataDir)")
    Path dataDir;

    @Option(names = "--config", description = "YAML or JSON configuration file (see docs/configuration.md)")
    Path configFile;

    @Override
    public Integer call() {
        EngineConfig config;
        try {
            config = configFile == null ? EngineConfig.ofDefaults() : ConfigLoader.load(configFile);
            if (port != null) {
                config = config.withPort(port);
            }
            if (dataDir != null) {
                config = config.withDataDir(dataDir.toString());
            }
        } catch (ConfigException e) {
            System.err.println("healing-engine: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        HealingEngine engine;
        try {
            engine = EngineLauncher.start(config);
        } catch (EngineLauncher.StartFailed e) {
            return e.exitCode;
        }
        // After the start, off the path to the first answer (about 25 ms of management classes): the goal only
        // matters once the heap grows.
        SoftHeapLimit.apply();
        System.out.println("healing-engine listening on " + (config.server().tls() == null ? "http" : "https")
                + "://" + config.server().host() + ":" + engine.port()
                + "  (rules " + engine.rulesVersion() + ", data in " + config.dataPath().toAbsolutePath() + ")");
        EngineLauncher.runUntilStopped(engine, () -> { });
        return 0;
    }
}
