package io.healingengine.audit;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable audit trail: incidents, the steps of their decision chains and the healing actions,
 * in a relational database whose schema Flyway keeps up to date ({@code classpath:db/migration}).
 *
 * <p>Append-mostly: steps are only appended; an incident row and an action row are completed as the
 * incident goes on, and a null never erases a value already recorded. Each method is one short
 * transaction on a pooled connection, so the store is safe to share between worker threads. Text
 * longer than its column is cut to fit and ends with "…" rather than failing the write; ids longer
 * than 64 characters are refused with an {@link IllegalArgumentException}, since a cut id could merge
 * two incidents. Instants are kept to the millisecond. Every database failure is thrown as an
 * {@link AuditStoreException} naming the operation.
 *
 * <p>Blocking: call it from worker threads, never from an event loop.
 */
public final class AuditStore implements AutoCloseable {

    static final int MAX_LIMIT = 1000;
    private static final String DUPLICATE_KEY = "23505";
    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);

    private final GroupCommitSource source;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AuditStore(ConnectionSource source) {
        this.source = new GroupCommitSource(source);
    }

    /**
     * Opens (creating it if needed) the engine's own H2 database {@code <dataDir>/audit.mv.db} and
     * migrates it. One store per directory: while it is open, another store on the same directory, in
     * this process or another, fails with an {@link IllegalStateException} naming the database file.
     */
    public static AuditStore openEmbedded(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        long start = System.nanoTime();
        EmbeddedH2Source source = EmbeddedH2Source.open(dataDir);
        Migrations.run(source, Flyway.configure().dataSource(source.dataSource()), "openEmbedded", start);
        return new AuditStore(source);
    }

    /**
     * Opens the store on any JDBC database (PostgreSQL in production; its driver and Flyway's
     * {@code flyway-database-postgresql} must then be on the class path) and migrates it. The database
     * belongs to its server: {@link #close()} only closes this store's connections.
     */
    public static AuditStore open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        long start = System.nanoTime();
        DriverManagerSource source = new DriverManagerSource(jdbcUrl, user, password);
        Migrations.run(source, Flyway.configure().dataSource(jdbcUrl, user, password), "open", start);
        return new AuditStore(source);
    }

    /**
     * Records an incident, or brings its row up to date: status, priority and prediction are replaced;
     * diagnosis, closedAt, recoveryTimeMs and triggerSignals are replaced only by non-null values. The
     * id, service, kind, trigger and openedAt of an existing row never change.
     */
    public void upsertIncident(IncidentRecord incident) {
        Objects.requireNonNull(incident, "incident");
        retryOnceOnDuplicateKey("upsertIncident", connection -> {
            try (PreparedStatement update = connection.prepareStatement(AuditSql.UPDATE_INCIDENT)) {
                AuditRows.bindIncidentUpdate(update, incident);
                if (update.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(AuditSql.INSERT_INCIDENT)) {
                AuditRows.bindIncidentInsert(insert, incident);
                insert.executeUpdate();
            }
        });
    }

    /**
     * Runs {@code work} (writes of this store on this thread) as one group commit: the writes share one
     * transaction, each behind a savepoint of its own (a write that fails throws as usual and is undone alone),
     * and the transaction commits once at the end, made to survive a crash of the process in the same step.
     * Throws {@link AuditStoreException} when that commit fails: then none of the group's writes went in.
     */
    public void inGroup(Runnable work) {
        ensureOpen("inGroup");
        source.group(work);
    }

    /**
     * Forces every write committed so far to the disk ({@code CHECKPOINT SYNC} on H2, an fsync): until then a
     * committed write survives a crash of the engine's process but not necessarily a power cut.
     */
    public void syncToDisk() {
        write("syncToDisk", source::syncToDisk);
    }

    /** Appends a step to an incident's decision chain; steps read back in the order appended. */
    public void appendStep(DecisionStepRecord step) {
        Objects.requireNonNull(step, "step");
        write("appendStep", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(AuditSql.INSERT_STEP)) {
                AuditRows.bindStep(insert, step);
                insert.executeUpdate();
            }
        });
    }

    /**
     * Records an action before it is dispatched. Idempotent on the id: if the action is already
     * recorded (a retry after a crash), the recorded row is kept as it is.
     */
    public void recordActionStarted(HealingRecord action) {
        Objects.requireNonNull(action, "action");
        retryOnceOnDuplicateKey("recordActionStarted", connection -> {
            try (PreparedStatement exists = connection.prepareStatement(AuditSql.ACTION_EXISTS)) {
                exists.setString(1, action.id());
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        LOG.debug("Healing action {} is already recorded; keeping the recorded row", action.id());
                        return;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(AuditSql.INSERT_ACTION)) {
                AuditRows.bindAction(insert, action);
                insert.executeUpdate();
            }
        });
    }

    /**
     * Records what the executor reported. A null {@code detail} or {@code success} keeps the recorded
     * value. Fails with {@link AuditStoreException} if the action was never recorded as started.
     */
    public void recordActionResult(String id, String outcome, long durationMs, String detail, Boolean success) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        updateAction("recordActionResult", id, AuditSql.UPDATE_ACTION_RESULT, update -> {
            update.setString(1, AuditSql.fit(outcome, AuditSql.OUTCOME));
            update.setLong(2, durationMs);
            update.setString(3, AuditSql.fit(detail, AuditSql.DETAIL));
            AuditRows.setBoolean(update, 4, success);
            update.setString(5, id);
        });
    }

    /**
     * Records the verdict on an action once its validation window is over. A null
     * {@code recoveryTimeMs} keeps the recorded value. Fails with {@link AuditStoreException} if the
     * action was never recorded as started.
     */
    public void recordVerdict(String id, boolean success, Long recoveryTimeMs) {
        Objects.requireNonNull(id, "id");
        updateAction("recordVerdict", id, AuditSql.UPDATE_ACTION_VERDICT, update -> {
            update.setBoolean(1, success);
            AuditRows.setLong(update, 2, recoveryTimeMs);
            update.setString(3, id);
        });
    }

    /**
     * Incidents, newest opened first.
     *
     * @param status    only incidents in this status; null for all
     * @param serviceId only incidents of this service; null for all
     * @param limit     at most this many, clamped to 1..1000
     */
    public List<IncidentRecord> listIncidents(String status, String serviceId, int limit) {
        return read("listIncidents", connection -> {
            String sql = AuditSql.listIncidents(status != null, serviceId != null);
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                int index = 1;
                if (status != null) {
                    query.setString(index++, status);
                }
                if (serviceId != null) {
                    query.setString(index++, serviceId);
                }
                query.setInt(index, clamp(limit));
                return Transactions.list(query, AuditRows::incident);
            }
        });
    }

    /** The incident with its whole decision chain, or empty if no incident has this id. */
    public Optional<IncidentChain> findIncident(String id) {
        Objects.requireNonNull(id, "id");
        return read("findIncident", connection -> {
            List<IncidentRecord> incident = Transactions.listById(connection, AuditSql.SELECT_INCIDENT, id,
                    AuditRows::incident);
            if (incident.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new IncidentChain(incident.get(0),
                    Transactions.listById(connection, AuditSql.SELECT_STEPS, id, AuditRows::step),
                    Transactions.listById(connection, AuditSql.SELECT_ACTIONS_OF_INCIDENT, id, AuditRows::action)));
        });
    }

    /** The healing history, newest first; {@code limit} is clamped to 1..1000. */
    public List<HealingRecord> history(int limit) {
        return read("history", connection -> {
            try (PreparedStatement query = connection.prepareStatement(AuditSql.SELECT_HISTORY)) {
                query.setInt(1, clamp(limit));
                return Transactions.list(query, AuditRows::action);
            }
        });
    }

    /** Actions requested at or after {@code since} that were judged successful, and those that were not. */
    public HealingCounts countsSince(Instant since) {
        Objects.requireNonNull(since, "since");
        return read("countsSince", connection -> {
            try (PreparedStatement query = connection.prepareStatement(AuditSql.COUNT_SINCE)) {
                query.setLong(1, since.toEpochMilli());
                long successes = 0;
                long failures = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(1)) {
                            successes = rs.getLong(2);
                        } else {
                            failures = rs.getLong(2);
                        }
                    }
                }
                return new HealingCounts(successes, failures);
            }
        });
    }

    /** The guards' memory, in the same database. */
    public EngineStateStore engineState() {
        return new EngineStateStore(source);
    }

    /**
     * Closes the connections and, for the embedded database, shuts it down and releases the data
     * directory. Call it once the callers have stopped; calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            source.close();
            LOG.info("Audit store closed: {}", source.describe());
        } catch (SQLException e) {
            throw AuditStoreException.failed("close", e);
        }
    }

    private void updateAction(String operation, String id, String sql, Binder binder) {
        write(operation, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                binder.bind(update);
                if (update.executeUpdate() == 0) {
                    throw AuditStoreException.unknownAction(operation, id);
                }
            }
        });
    }

    private void retryOnceOnDuplicateKey(String operation, Transactions.Work work) {
        try {
            write(operation, work);
        } catch (AuditStoreException e) {
            if (!(e.getCause() instanceof SQLException sql) || !DUPLICATE_KEY.equals(sql.getSQLState())) {
                throw e;
            }
            LOG.debug("{}: another thread inserted the same row first; trying again", operation);
            write(operation, work);
        }
    }

    private void write(String operation, Transactions.Work work) {
        ensureOpen(operation);
        Transactions.write(source, operation, work);
    }

    private <T> T read(String operation, Transactions.Body<T> body) {
        ensureOpen(operation);
        return Transactions.run(source, operation, false, body);
    }

    private void ensureOpen(String operation) {
        if (closed.get()) {
            throw new IllegalStateException("Audit store " + source.describe() + " is closed; cannot " + operation);
        }
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(MAX_LIMIT, limit));
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
