package io.healingengine.audit;

import io.healingengine.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the tests, started from the machine's own binaries (Debian's
 * {@code postgresql} package; {@code scripts/install-test-tools.sh} installs it): a new cluster in a
 * temporary directory, on a free loopback port, password authentication over TCP. {@link #shared()} is
 * the server of the whole test JVM (stopped when it exits; each caller gets a database of its own);
 * {@link #startPrivate()} one that a test may take down and bring back. PostgreSQL refuses to run as
 * root, so as root the server runs as the package's {@code postgres} user.
 *
 * <p>Durability settings are turned down ({@code fsync=off}): these tests restart engines, never the
 * database server.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "healing";
    public static final String PASSWORD = "test-only-password";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path directory;
    private final int port;
    private final List<String> asOwner;
    private final Path bin;

    private PostgresServer(Path directory, int port, List<String> asOwner, Path bin) {
        this.directory = directory;
        this.port = port;
        this.asOwner = asOwner;
        this.bin = bin;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "postgres-test-server-stop"));
        }
        return shared;
    }

    /** A server of the caller's own, to stop and start at will; close it. */
    public static PostgresServer startPrivate() {
        return start();
    }

    /** Stops the server the hard way (as a crash or a lost host would), keeping its data. */
    public void halt() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-m",
                "immediate", "-w", "stop"));
    }

    /** Starts the server again on the same port and data. */
    public void resume() {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(),
                "-l", directory.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** A new, empty database on the server; its JDBC URL. */
    public String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + url("postgres"), e);
        }
        return url(name);
    }

    /** A file holding the password, as an operator would mount it. */
    public static Path passwordFile(Path dir) throws IOException {
        return Files.writeString(dir.resolve("db-password"), PASSWORD + "\n");
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        try {
            Path bin = binaries();
            Path directory = Files.createTempDirectory("healing-postgres-");
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> asOwner = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
            if (root) {
                run(List.of("chown", "postgres:", directory.toString()), directory);
            }
            Path passwordFile = directory.resolve("pw");
            Files.writeString(passwordFile, PASSWORD + "\n");
            if (root) {
                run(List.of("chown", "postgres:", passwordFile.toString()), directory);
            }
            int port = freePort();
            PostgresServer server = new PostgresServer(directory, port, asOwner, bin);
            server.asOwner(List.of(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(),
                    "-U", USER, "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--no-sync"));
            server.resume();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL server", e);
        }
    }

    /** Stops the server (if it runs) and removes its directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(directory.resolve("data/postmaster.pid"))) {
                halt();
            }
        } catch (RuntimeException e) {
            LOG.error("test PostgreSQL server in {} did not stop: {}", directory, e.getMessage(), e);
            return;
        }
        try {
            FileTrees.delete(directory);
        } catch (IOException e) {
            LOG.warn("test PostgreSQL directory {} not removed: {}", directory, e.getMessage());
        }
    }

    private void asOwner(List<String> command) {
        List<String> full = new ArrayList<>(asOwner);
        full.addAll(command);
        run(full, directory);
    }

    private static void run(List<String> command, Path directory) {
        try {
            Path log = Files.createTempFile("postgres-command-", ".log");
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            Files.delete(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/NN/bin). */
    private static Path binaries() throws IOException {
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max((a, b) -> Integer.compare(major(a), major(b))).orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries under " + debian
                + ": install Debian's postgresql package (scripts/install-test-tools.sh)");
    }

    private static int major(Path version) {
        try {
            return Integer.parseInt(version.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
