package io.healingengine.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Group commit for the audit writer: inside {@link #group}, every write of this thread joins one transaction on
 * one connection, each write behind a savepoint of its own (a write that fails is rolled back alone and reported
 * alone, see {@link Transactions}); when the group ends, the transaction commits once and the step that makes it
 * survive a crash of the process ({@link ConnectionSource#afterCommit}) is done once, for every write of the group
 * together. Only the thread that opened the group is affected; a write outside any group is a transaction of its
 * own, made durable at once, as before.
 *
 * <p>Whoever waits for a write of a group is answered after the group's end (see {@code AuditVerticle}), so an
 * answer still means "in the file": the writes are the same, only the commits and file writes are fewer (one per
 * group instead of one per write; on a database server, one log flush per group).
 */
final class GroupCommitSource implements ConnectionSource {
    private final ConnectionSource inner;
    private final ThreadLocal<Connection> group = new ThreadLocal<>();
    /** A write of the group asked for the disk to be synced: done after the group's commit, for all of it. */
    private final ThreadLocal<Boolean> syncAtEnd = ThreadLocal.withInitial(() -> false);

    GroupCommitSource(ConnectionSource inner) {
        this.inner = inner;
    }

    /**
     * Runs {@code work} in one transaction; what it wrote is committed and made durable when it ends, even if it
     * failed half-way (a write that failed was rolled back to its own savepoint).
     *
     * @throws AuditStoreException when the group could not be committed (then none of its writes went in), or
     *                             not synced to the disk when a write asked for it
     */
    void group(Runnable work) {
        if (group.get() != null) {
            work.run();
            return;
        }
        syncAtEnd.set(false);
        // One write transaction of the inner source: committed and made durable (afterCommit) when the work
        // ends; a failure of the work itself does not undo what it wrote before, it is thrown after the commit.
        RuntimeException workFailure = Transactions.run(inner, "groupCommit", true, connection -> {
            group.set(connection);
            try {
                work.run();
                return null;
            } catch (RuntimeException e) {
                return e;
            } finally {
                group.set(null);
            }
        });
        if (syncAtEnd.get()) {
            Transactions.write(inner, "groupSync", inner::syncToDisk);
        }
        if (workFailure != null) {
            throw workFailure;
        }
    }

    @Override
    public Connection grouped() {
        return group.get();
    }

    @Override
    public void afterCommit(Connection connection) throws SQLException {
        inner.afterCommit(connection);
    }

    @Override
    public Connection acquire() throws SQLException {
        return inner.acquire();
    }

    @Override
    public void release(Connection connection) {
        inner.release(connection);
    }

    /** Inside a group, put off until the group's commit: a sync before it would miss the group's own writes. */
    @Override
    public void syncToDisk(Connection connection) throws SQLException {
        if (group.get() != null) {
            syncAtEnd.set(true);
        } else {
            inner.syncToDisk(connection);
        }
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
