package io.healingengine.cli;

import io.healingengine.HealingEngine;
import io.healingengine.config.ConfigException;
import io.healingengine.config.EngineConfig;
import io.healingengine.rules.RuleBuildException;
import java.util.concurrent.CountDownLatch;

/** Starts an engine for a command, maps start-up failures to exit codes, and runs until stopped. */
final class EngineLauncher {
    private EngineLauncher() {
    }

    /** The engine could not start; the reason has been printed. */
    static final class StartFailed extends Exception {
        final int exitCode;

        StartFailed(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Starts the engine, or prints why it could not and throws {@link StartFailed} with the exit code. */
    static HealingEngine start(EngineConfig config) throws StartFailed {
        try {
            return HealingEngine.start(config);
        } catch (ConfigException e) {
            System.err.println("healing-engine: " + e.getMessage());
            throw new StartFailed(Main.EXIT_CONFIG);
        } catch (RuleBuildException e) {
            System.err.println("healing-engine: " + e.getMessage());
            throw new StartFailed(Main.EXIT_RULES);
        } catch (Exception e) {
            String reason = rootMessage(e);
            if (reason.contains("Address already in use")) {
                reason = config.server().host() + ":" + config.server().port() + " is already in use (choose another "
                        + "with --port or server.port)";
            }
            System.err.println("healing-engine: cannot start: " + reason);
            throw new StartFailed(Main.EXIT_CONFIG);
        }
    }

    /** Blocks until the JVM is asked to stop, then closes the engine and runs {@code onStop} first. */
    static void runUntilStopped(HealingEngine engine, Runnable onStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                onStop.run();
                engine.close();
            } catch (Exception e) {
                System.err.println("healing-engine: error while stopping: " + rootMessage(e));
            } finally {
                stopped.countDown();
            }
        }, "healing-engine-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
