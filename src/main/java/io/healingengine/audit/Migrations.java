package io.healingengine.audit;

import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway ({@code classpath:db/migration}) when a store opens.
 *
 * <p>The audit keeps its own history table, {@value #HISTORY_TABLE}, so it can share a PostgreSQL
 * database with other components that use Flyway; and a database that already holds other tables
 * is baselined at version 0, so that V1 still runs there (Flyway would otherwise refuse a non-empty
 * schema without a history table).
 */
final class Migrations {

    static final String LOCATION = "classpath:db/migration";
    static final String HISTORY_TABLE = "audit_schema_history";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Migrates the database behind {@code source}; on failure closes {@code source} and throws an
     * {@link AuditStoreException} naming {@code operation}.
     */
    static void run(ConnectionSource source, FluentConfiguration flyway, String operation, long startNanos) {
        try {
            int applied = flyway.locations(LOCATION).failOnMissingLocations(true).table(HISTORY_TABLE)
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate().migrationsExecuted;
            LOG.info("Audit store open: {} ({} migrations applied, open and migrate took {} ms)",
                    source.describe(), applied, (System.nanoTime() - startNanos) / 1_000_000);
        } catch (FlywayException e) {
            AuditStoreException failure = AuditStoreException.failed(operation, e);
            closeAfterFailure(source, failure);
            throw failure;
        } catch (RuntimeException e) {
            closeAfterFailure(source, e);
            throw e;
        }
    }

    private static void closeAfterFailure(ConnectionSource source, RuntimeException failure) {
        try {
            source.close();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
