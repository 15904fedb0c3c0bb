package io.healingengine.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database a store test runs on: the embedded H2 database of a data directory, or a database of its
 * own on the test PostgreSQL server. Opening it again reaches the same data.
 *
 * @param backend  which database
 * @param location the data directory (H2) or the JDBC URL (PostgreSQL)
 */
record StoreDatabase(Backend backend, String location) {
    enum Backend {
        H2, POSTGRES;

        /** A new, empty database; for H2 in {@code dataDir}. */
        StoreDatabase fresh(Path dataDir) {
            return new StoreDatabase(this, this == H2 ? dataDir.toString() : PostgresServer.shared().createDatabase());
        }
    }

    AuditStore open() {
        return backend == Backend.H2 ? AuditStore.openEmbedded(Path.of(location))
                : AuditStore.open(location, PostgresServer.USER, PostgresServer.PASSWORD);
    }

    /**
     * Runs one SQL statement on the database beside the open store, e.g. a constraint that makes the database
     * refuse a write. On H2 this joins the store's own database (same file, same process).
     */
    void execute(String sql) throws SQLException, IOException {
        String url = backend == Backend.H2
                ? "jdbc:h2:file:" + Path.of(location).toRealPath().resolve(EmbeddedH2Source.DATABASE_NAME) : location;
        String user = backend == Backend.H2 ? "sa" : PostgresServer.USER;
        String password = backend == Backend.H2 ? "" : PostgresServer.PASSWORD;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** For a child JVM: {@code StoreDatabase.of(args)} opens the same database there. */
    String[] args() {
        return new String[] {backend.name(), location};
    }

    static StoreDatabase of(String[] args) {
        return new StoreDatabase(Backend.valueOf(args[0]), args[1]);
    }
}
