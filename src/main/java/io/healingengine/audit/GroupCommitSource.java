package io.healingengine.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Group commit for the audit writer: inside {@link #group}, the step that makes a committed write survive a
 * crash of the process ({@link ConnectionSource#afterCommit}: H2's {@code CHECKPOINT}, a file write each) is
 * put off and done once when the group ends, for every write of the group together. Only the thread that
 * opened the group is affected; a write outside any group is made durable at once, as before.
 *
 * <p>Whoever waits for a write of a group is answered after the group's end (see {@code AuditVerticle}), so
 * an answer still means "in the file": the writes are the same, only the file writes are fewer.
 */
final class GroupCommitSource implements ConnectionSource {
    private final ConnectionSource inner;
    private final ThreadLocal<Boolean> grouping = ThreadLocal.withInitial(() -> false);
    private final ThreadLocal<Boolean> unflushed = ThreadLocal.withInitial(() -> false);

    GroupCommitSource(ConnectionSource inner) {
        this.inner = inner;
    }

    /** Runs {@code work}; its writes are made durable together when it ends, even if it failed half-way. */
    void group(Runnable work) {
        if (grouping.get()) {
            work.run();
            return;
        }
        grouping.set(true);
        try {
            work.run();
        } finally {
            grouping.set(false);
            if (unflushed.get()) {
                unflushed.set(false);
                Transactions.run(inner, "groupCommit", false, connection -> {
                    inner.afterCommit(connection);
                    return null;
                });
            }
        }
    }

    @Override
    public void afterCommit(Connection connection) throws SQLException {
        if (grouping.get()) {
            unflushed.set(true);
        } else {
            inner.afterCommit(connection);
        }
    }

    @Override
    public Connection acquire() throws SQLException {
        return inner.acquire();
    }

    @Override
    public void release(Connection connection) {
        inner.release(connection);
    }

    @Override
    public void syncToDisk(Connection connection) throws SQLException {
        inner.syncToDisk(connection);
    }

    @Override
    public void close() throws SQLException {
        inner.close();
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
