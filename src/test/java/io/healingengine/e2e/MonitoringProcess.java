package io.healingengine.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus or Alertmanager (Debian's binaries, installed by scripts/install-test-tools.sh) on
 * 127.0.0.1 with a free port, its data and log in a directory of the test, started with the test's
 * configuration and awaited until {@code /-/ready} answers 200. {@link #close()} stops it — SIGTERM, then
 * SIGKILL — and checks that it is gone; a shutdown hook does the same if the test JVM ends first.
 */
final class MonitoringProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringProcess.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final Thread reaper;
    private final long readyMillis;

    private MonitoringProcess(String name, List<String> argv, Path log, int port) throws IOException, InterruptedException {
        this.name = name;
        this.log = log;
        this.port = port;
        long started = System.nanoTime();
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + argv.get(0) + " (" + e.getMessage() + "); the tests need Debian's "
                    + "prometheus and prometheus-alertmanager: run scripts/install-test-tools.sh", e);
        }
        reaper = new Thread(this::stop, name + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            awaitReady();
        } catch (AssertionError | RuntimeException e) {
            close();
            throw e;
        }
        readyMillis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("{} pid {} ready on {} in {} ms", name, process.pid(), url(), readyMillis);
    }

    /**
     * Prometheus with the given configuration file (already filled in), its TSDB in {@code dir}/tsdb.
     */
    static MonitoringProcess prometheus(Path dir, Path config) throws IOException, InterruptedException {
        int port = EngineFixture.freePort();
        return new MonitoringProcess("prometheus", List.of("prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port),
                dir.resolve("prometheus.log"), port);
    }

    /**
     * Alertmanager with the given configuration file (already filled in), without HA gossip (the empty
     * {@code --cluster.listen-address}, which would otherwise bind 0.0.0.0:9094).
     */
    static MonitoringProcess alertmanager(Path dir, Path config) throws IOException, InterruptedException {
        int port = EngineFixture.freePort();
        List<String> argv = new ArrayList<>(List.of("prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + Files.createDirectories(dir.resolve("alertmanager-data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--web.external-url=http://127.0.0.1:" + port));
        return new MonitoringProcess("alertmanager", argv, dir.resolve("alertmanager.log"), port);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** host:port, as Prometheus' alerting targets want it. */
    String address() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** From start to the first 200 of /-/ready. */
    long readyMillis() {
        return readyMillis;
    }

    /** The process's own log (stdout and stderr), for assertion messages. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(" + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build();
        try {
            await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(25)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                            + logText());
                }
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false; // not listening yet
                }
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " not ready on " + url() + " after " + READY_TIMEOUT.toSeconds() + " s:\n"
                    + logText(), e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (process.isAlive()) {
            throw new AssertionError(name + " pid " + process.pid() + " is still alive after SIGTERM and SIGKILL");
        }
    }

    /** Closes every one given, in order, even if one fails; rethrows the first failure. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception | AssertionError e) {
                Exception wrapped = e instanceof Exception ex ? ex : new Exception(e);
                if (first == null) {
                    first = wrapped;
                } else {
                    first.addSuppressed(wrapped);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
