package io.healingengine.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The engine's own H2 database in FILE mode: {@code <dataDir>/audit.mv.db}, locked for this store
 * alone (see {@link DataDirLock}), behind a pool of at most {@value #MAX_CONNECTIONS} connections.
 *
 * <p>The URL options, and why:
 * <ul>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: no H2 shutdown hook racing the engine's own orderly
 *       {@link #close()} (a hook could close the database under a last write);</li>
 *   <li>{@code DB_CLOSE_DELAY=-1}: the database stays open while the pool happens to hold no
 *       connection, instead of being closed and reopened (with recovery) in between; {@code close()}
 *       ends it with {@code SHUTDOWN};</li>
 *   <li>{@code AUTO_SERVER=FALSE}: no TCP server for other processes, one engine owns the file;</li>
 *   <li>{@code LOCK_TIMEOUT=10000}: a write waits up to 10 s (not H2's 1 s) for a row another
 *       worker thread is updating.</li>
 * </ul>
 * H2 writes committed changes to the file in the background, up to about a second later: measured,
 * killing the process right after a burst of commits lost all of them. So every write transaction
 * is followed by {@code CHECKPOINT} (about 0.2 ms), which makes it survive a crash of the process;
 * it is not forced to the disk ({@code CHECKPOINT SYNC}), so a power cut may still lose the last
 * writes.
 */
final class EmbeddedH2Source implements ConnectionSource {

    static final String DATABASE_NAME = "audit";
    static final int MAX_CONNECTIONS = 4;
    private static final String OPTIONS =
            ";DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1;AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000";

    private final Path databaseFile;
    private final JdbcConnectionPool pool;
    private final DataDirLock lock;

    private EmbeddedH2Source(Path databaseFile, JdbcConnectionPool pool, DataDirLock lock) {
        this.databaseFile = databaseFile;
        this.pool = pool;
        this.lock = lock;
    }

    /** Creates {@code dataDir} if needed, locks it and opens the database in it. */
    static EmbeddedH2Source open(Path dataDir) {
        Path dir = createDirectories(dataDir);
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("dataDir must not contain ';' (it ends an H2 URL), but was " + dir);
        }
        Path databaseFile = dir.resolve(DATABASE_NAME + ".mv.db");
        DataDirLock lock = DataDirLock.acquire(dir, databaseFile);
        try {
            JdbcConnectionPool pool = JdbcConnectionPool.create(
                    "jdbc:h2:file:" + dir.resolve(DATABASE_NAME) + OPTIONS, "sa", "");
            pool.setMaxConnections(MAX_CONNECTIONS);
            probe(pool, databaseFile);
            return new EmbeddedH2Source(databaseFile, pool, lock);
        } catch (RuntimeException e) {
            releaseAfterFailure(lock, e);
            throw e;
        }
    }

    /** For Flyway. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public Connection acquire() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void release(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            throw AuditStoreException.failed("release", e);
        }
    }

    @Override
    public void afterCommit(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    @Override
    public void syncToDisk(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } finally {
            pool.dispose();
            try {
                lock.release();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot release the lock of audit store " + databaseFile, e);
            }
        }
    }

    @Override
    public String describe() {
        return databaseFile.toString();
    }

    private static Path createDirectories(Path dataDir) {
        try {
            return Files.createDirectories(dataDir.toAbsolutePath().normalize()).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit data directory " + dataDir.toAbsolutePath(), e);
        }
    }

    /** Opens the database once, so a file locked by another process fails here, clearly. */
    private static void probe(JdbcConnectionPool pool, Path databaseFile) {
        try (Connection connection = pool.getConnection()) {
            connection.isValid(1);
        } catch (SQLException e) {
            pool.dispose();
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("Audit store " + databaseFile + " is already in use by another"
                        + " process: stop it or give this engine another data directory", e);
            }
            throw AuditStoreException.failed("openEmbedded", e);
        }
    }

    private static void releaseAfterFailure(DataDirLock lock, RuntimeException failure) {
        try {
            lock.release();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
