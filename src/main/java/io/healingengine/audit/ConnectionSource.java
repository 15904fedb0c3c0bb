package io.healingengine.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** Where the store gets its connections: a small pool, one connection per short transaction. */
interface ConnectionSource {

    /** A connection for one transaction; hand it back with {@link #release(Connection)}. */
    Connection acquire() throws SQLException;

    /** Takes back a connection from {@link #acquire()}, in whatever state it is. */
    void release(Connection connection);

    /**
     * The connection of the write group this thread is in ({@link GroupCommitSource}), whose transaction every
     * write of the group joins; null outside a group.
     */
    default Connection grouped() {
        return null;
    }

    /** Called after a write transaction committed, to make it survive a crash of this process. */
    default void afterCommit(Connection connection) throws SQLException {
    }

    /**
     * Forces what was committed so far to the disk (fsync), so that it survives a power cut, not only a crash of
     * this process. A database server that syncs each commit itself has nothing left to do.
     */
    default void syncToDisk(Connection connection) throws SQLException {
    }

    /** Closes every connection; a database of its own is shut down. */
    void close() throws SQLException;

    /** Where the data lives, for messages; never contains a password. */
    String describe();
}
