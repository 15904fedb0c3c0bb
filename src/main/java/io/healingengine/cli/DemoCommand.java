package io.healingengine.cli;

import io.healingengine.HealingEngine;
import io.healingengine.config.EngineConfig;
import io.healingengine.config.InventoryConfig;
import io.healingengine.config.OncallConfig;
import io.healingengine.config.RestartConfig;
import io.healingengine.config.ServerConfig;
import io.healingengine.config.ServiceConfig;
import io.healingengine.config.EngineSettings;
import io.healingengine.demo.DemoServiceControl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the engine plus a small fleet of real local processes that heartbeat and send metrics.
 * Kill one, or push its latency up, and watch the engine heal it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the engine with a fleet of three real demo services to break and watch heal.")
final class DemoCommand implements Callable<Integer> {
    private static final List<String> FLEET = List.of("checkout", "payments", "search");

    @Option(names = "--port", defaultValue = "8080", description = "engine HTTP port (default 8080)")
    int port;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "data directory (default data/demo)")
    Path dataDir;

    @Option(names = "--base-port", defaultValue = "18081",
            description = "first demo service port; the fleet uses this and the next ports (default 18081)")
    int basePort;

    @Override
    public Integer call() throws Exception {
        Path stateDir = dataDir.resolve("fleet").toAbsolutePath();
        Files.createDirectories(stateDir);
        Path javaBin = Path.of(ProcessHandle.current().info().command().orElse("java"));
        String classpath = ownClasspath();
        String engineUrl = "http://127.0.0.1:" + port;
        DemoPager pager = DemoPager.start();
        List<ServiceConfig> services = new ArrayList<>();
        for (int i = 0; i < FLEET.size(); i++) {
            String name = FLEET.get(i);
            int servicePort = basePort + i;
            Map<String, String> webhooks = new LinkedHashMap<>();
            for (String action : List.of("scale-up", "rollback", "circuit-break", "fallback")) {
                webhooks.put(action, "http://127.0.0.1:" + servicePort + "/actions/" + action);
            }
            List<String> restart = DemoServiceControl.controlArgv("restart", javaBin, classpath, name, stateDir,
                    engineUrl, 1000, servicePort);
            services.add(new ServiceConfig(name, i == 0 ? "critical" : "standard", 1000L, 5_000L, false,
                    new RestartConfig(restart, null, null, 20_000), webhooks));
        }
        EngineConfig config = new EngineConfig(new ServerConfig(null, port, null, null), dataDir.toString(),
                EngineSettings.ofDefaults(), new InventoryConfig(false, null, services),
                new OncallConfig(pager.url(), null), null, null);
        // The fleet first: its heartbeats then arrive from the engine's first second on, and nothing is
        // mistaken for a crash while the engine compiles its rules.
        for (int i = 0; i < FLEET.size(); i++) {
            run(DemoServiceControl.controlArgv("start", javaBin, classpath, FLEET.get(i), stateDir, engineUrl, 1000,
                    basePort + i));
        }
        HealingEngine engine;
        try {
            engine = EngineLauncher.start(config);
        } catch (EngineLauncher.StartFailed e) {
            stopFleet(javaBin, classpath, stateDir, engineUrl);
            pager.stop();
            return e.exitCode;
        }
        printWalkthrough(stateDir);
        EngineLauncher.runUntilStopped(engine, () -> {
            stopFleet(javaBin, classpath, stateDir, engineUrl);
            pager.stop();
        });
        return 0;
    }

    private void stopFleet(Path javaBin, String classpath, Path stateDir, String engineUrl) {
        for (int i = 0; i < FLEET.size(); i++) {
            run(DemoServiceControl.controlArgv("stop", javaBin, classpath, FLEET.get(i), stateDir, engineUrl, 1000,
                    basePort + i));
        }
    }

    private void printWalkthrough(Path stateDir) {
        String api = "http://127.0.0.1:" + port;
        System.out.println();
        System.out.println("healing-engine demo: engine on " + api + ", fleet " + FLEET + " on ports " + basePort + "-"
                + (basePort + FLEET.size() - 1) + ", state in " + stateDir);
        System.out.println("Break something and watch the log (lines start with self_heal):");
        System.out.println("  kill -9 $(cat " + stateDir.resolve("checkout.pid") + ")     # crash: restarted within seconds");
        System.out.println("  curl -X POST '127.0.0.1:" + basePort + "/chaos/latency?ms=900'  # p99 900 ms: critical-latency-spike");
        System.out.println("  curl -X POST '127.0.0.1:" + (basePort + 1) + "/chaos/errors?rate=0.3'  # high-error-rate: circuit-break");
        System.out.println("Then:  curl " + api + "/api/v1/history   curl " + api + "/api/v1/incidents   curl " + api + "/health");
        System.out.println("Ctrl-C stops the engine and the fleet.");
        System.out.println();
    }

    private static void run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).inheritIO().start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                System.err.println("healing-engine demo: '" + argv.get(argv.indexOf("--name") - 1) + "' of a demo service failed");
            }
        } catch (Exception e) {
            System.err.println("healing-engine demo: cannot run the demo control: " + EngineLauncher.rootMessage(e));
        }
    }

    private static String ownClasspath() {
        try {
            return new File(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (Exception e) {
            return System.getProperty("java.class.path");
        }
    }
}
