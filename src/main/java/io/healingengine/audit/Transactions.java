package io.healingengine.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/** One short transaction on a pooled connection: commit on success, roll back on any failure. */
final class Transactions {

    private Transactions() {
    }

    @FunctionalInterface
    interface Body<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface Work {
        void run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /**
     * Runs {@code body} in a transaction. SQL failures become an {@link AuditStoreException} naming
     * {@code operation}; after a write commits, {@link ConnectionSource#afterCommit} makes it durable. Inside a
     * write group ({@link ConnectionSource#grouped()}) the body runs in the group's transaction instead, behind a
     * savepoint: a failure undoes this body's changes only, and the group's end commits the rest.
     */
    static <T> T run(ConnectionSource source, String operation, boolean write, Body<T> body) {
        Connection grouped = source.grouped();
        if (grouped != null) {
            return inGroup(grouped, operation, body);
        }
        Connection connection;
        try {
            connection = source.acquire();
        } catch (SQLException e) {
            throw AuditStoreException.failed(operation, e);
        }
        RuntimeException failure = null;
        try {
            connection.setAutoCommit(false);
            T result = body.run(connection);
            connection.commit();
            if (write) {
                connection.setAutoCommit(true);
                source.afterCommit(connection);
            }
            return result;
        } catch (SQLException e) {
            failure = AuditStoreException.failed(operation, e);
            rollback(connection, failure);
            throw failure;
        } catch (RuntimeException e) {
            failure = e;
            rollback(connection, failure);
            throw failure;
        } finally {
            release(source, connection, failure);
        }
    }

    private static <T> T inGroup(Connection connection, String operation, Body<T> body) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw AuditStoreException.failed(operation, e);
        }
        try {
            T result = body.run(connection);
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException e) {
            AuditStoreException failure = AuditStoreException.failed(operation, e);
            rollback(connection, savepoint, failure);
            throw failure;
        } catch (RuntimeException e) {
            rollback(connection, savepoint, e);
            throw e;
        }
    }

    /** Runs {@code work} in a write transaction. */
    static void write(ConnectionSource source, String operation, Work work) {
        run(source, operation, true, connection -> {
            work.run(connection);
            return null;
        });
    }

    /** All rows of {@code query}, mapped. */
    static <T> List<T> list(PreparedStatement query, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    /** All rows of {@code sql}, whose only parameter is {@code id}, mapped. */
    static <T> List<T> listById(Connection connection, String sql, String id, RowMapper<T> mapper)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, id);
            return list(query, mapper);
        }
    }

    private static void rollback(Connection connection, Savepoint savepoint, RuntimeException failure) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void rollback(Connection connection, RuntimeException failure) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void release(ConnectionSource source, Connection connection, RuntimeException failure) {
        try {
            source.release(connection);
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }
}
