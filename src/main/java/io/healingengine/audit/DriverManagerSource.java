package io.healingengine.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database reached by JDBC URL (PostgreSQL in production): at most {@value #MAX_CONNECTIONS}
 * connections from {@link DriverManager}, kept idle between transactions and checked with
 * {@link Connection#isValid(int)} before reuse. A caller waits up to {@value #WAIT_SECONDS} s for a
 * free connection.
 */
final class DriverManagerSource implements ConnectionSource {

    static final int MAX_CONNECTIONS = 4;
    static final int WAIT_SECONDS = 30;
    private static final int VALIDATION_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(DriverManagerSource.class);

    private final String url;
    private final String user;
    private final String password;
    private final Semaphore permits = new Semaphore(MAX_CONNECTIONS, true);
    private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    DriverManagerSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection acquire() throws SQLException {
        waitForPermit();
        try {
            Connection connection;
            while ((connection = pollIdle()) != null) {
                if (connection.isValid(VALIDATION_SECONDS)) {
                    return connection;
                }
                discard(connection, "it failed validation");
            }
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    @Override
    public void release(Connection connection) {
        try {
            if (connection.isClosed()) {
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (!offerIdle(connection)) {
                connection.close();
            }
        } catch (SQLException e) {
            discard(connection, "resetting it failed: " + e.getMessage());
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (Connection connection : drain()) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String describe() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters); // parameters may hold a password
    }

    private void waitForPermit() throws SQLException {
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLTransientConnectionException("No free connection to " + describe() + " within "
                        + WAIT_SECONDS + " s (" + MAX_CONNECTIONS + " in use)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for a connection", e);
        }
    }

    private synchronized Connection pollIdle() throws SQLException {
        if (closed) {
            throw new SQLTransientConnectionException("The connections to " + describe() + " are closed");
        }
        return idle.pollFirst();
    }

    private synchronized boolean offerIdle(Connection connection) {
        return !closed && idle.offerFirst(connection);
    }

    private synchronized Deque<Connection> drain() {
        closed = true;
        Deque<Connection> all = new ArrayDeque<>(idle);
        idle.clear();
        return all;
    }

    private void discard(Connection connection, String why) {
        LOG.debug("Dropping a connection to {} because {}", describe(), why);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the dropped connection to {} failed too: {}", describe(), e.toString());
        }
    }
}
