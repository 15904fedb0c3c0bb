package io.healingengine.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
     * {@code operation}; after a write commits, {@link ConnectionSource#afterCommit} makes it durable.
     */
    static <T> T run(ConnectionSource source, String operation, boolean write, Body<T> body) {
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
