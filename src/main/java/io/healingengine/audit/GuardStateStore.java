package io.healingengine.audit;

import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.FailureStreak;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * What the guards remember across an engine restart — the action ledger, cooldowns, freezes and
 * failure streaks — kept in step with the rule session fact by fact, and read back before the engine's
 * first evaluation. Same database and transactions as the {@link AuditStore} it comes from.
 */
public final class GuardStateStore {
    private final ConnectionSource source;

    GuardStateStore(ConnectionSource source) {
        this.source = source;
    }

    /** Inserts or replaces a guard fact's row; other facts are ignored. */
    public void save(Object fact) {
        if (fact instanceof ActionTaken t) {
            replace("saveLedger", "DELETE FROM guard_ledger WHERE request_id = ?", t.getRequestId(),
                    "INSERT INTO guard_ledger (request_id, service_id, area, action_name, intrusive, taken_at, "
                            + "verified_success, streak_counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
                        insert.setString(1, t.getRequestId());
                        insert.setString(2, AuditSql.fit(t.getServiceId(), 200));
                        insert.setString(3, AuditSql.fit(t.getArea(), 200));
                        insert.setString(4, AuditSql.fit(t.getAction(), 64));
                        insert.setBoolean(5, t.isIntrusive());
                        insert.setLong(6, t.getAt());
                        if (t.getVerifiedSuccess() == null) {
                            insert.setNull(7, Types.BOOLEAN);
                        } else {
                            insert.setBoolean(7, t.getVerifiedSuccess());
                        }
                        insert.setBoolean(8, t.isStreakCounted());
                    });
        } else if (fact instanceof Cooldown c) {
            write("saveCooldown", connection -> {
                delete(connection, "DELETE FROM guard_cooldown WHERE policy_name = ? AND service_id = ?",
                        c.getPolicy(), c.getServiceId());
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO guard_cooldown (policy_name, service_id, until_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, AuditSql.fit(c.getPolicy(), 200));
                    insert.setString(2, AuditSql.fit(c.getServiceId(), 200));
                    insert.setLong(3, c.getUntil());
                    insert.executeUpdate();
                }
            });
        } else if (fact instanceof AreaFreeze f) {
            replace("saveFreeze", "DELETE FROM guard_freeze WHERE area = ?", f.getArea(),
                    "INSERT INTO guard_freeze (area, since_at, until_at, reason) VALUES (?, ?, ?, ?)", insert -> {
                        insert.setString(1, AuditSql.fit(f.getArea(), 200));
                        insert.setLong(2, f.getSince());
                        insert.setLong(3, f.getUntil());
                        insert.setString(4, AuditSql.fit(f.getReason(), 1000));
                    });
        } else if (fact instanceof FailureStreak s) {
            replace("saveStreak", "DELETE FROM guard_streak WHERE area = ?", s.getArea(),
                    "INSERT INTO guard_streak (area, failures) VALUES (?, ?)", insert -> {
                        insert.setString(1, AuditSql.fit(s.getArea(), 200));
                        insert.setInt(2, s.getFailures());
                    });
        }
    }

    /** Removes a guard fact's row (it expired or was retracted); other facts are ignored. */
    public void remove(Object fact) {
        if (fact instanceof ActionTaken t) {
            write("removeLedger", c -> delete(c, "DELETE FROM guard_ledger WHERE request_id = ?", t.getRequestId()));
        } else if (fact instanceof Cooldown cd) {
            write("removeCooldown", c -> delete(c, "DELETE FROM guard_cooldown WHERE policy_name = ? AND service_id = ?",
                    cd.getPolicy(), cd.getServiceId()));
        } else if (fact instanceof AreaFreeze f) {
            write("removeFreeze", c -> delete(c, "DELETE FROM guard_freeze WHERE area = ?", f.getArea()));
        } else if (fact instanceof FailureStreak s) {
            write("removeStreak", c -> delete(c, "DELETE FROM guard_streak WHERE area = ?", s.getArea()));
        }
    }

    /** Every remembered guard fact, ledger entries oldest first. */
    public List<Object> load() {
        return Transactions.run(source, "loadGuardState", false, connection -> {
            List<Object> facts = new ArrayList<>();
            try (PreparedStatement q = connection.prepareStatement("SELECT request_id, service_id, area, action_name, "
                    + "intrusive, taken_at, verified_success, streak_counted FROM guard_ledger ORDER BY taken_at")) {
                facts.addAll(Transactions.list(q, row -> {
                    boolean verified = row.getBoolean(7);
                    Boolean verifiedSuccess = row.wasNull() ? null : verified;
                    return new ActionTaken(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getBoolean(5), row.getLong(6), verifiedSuccess, row.getBoolean(8));
                }));
            }
            try (PreparedStatement q = connection.prepareStatement(
                    "SELECT policy_name, service_id, until_at FROM guard_cooldown")) {
                facts.addAll(Transactions.list(q, row -> new Cooldown(row.getString(1), row.getString(2), row.getLong(3))));
            }
            try (PreparedStatement q = connection.prepareStatement("SELECT area, since_at, until_at, reason FROM guard_freeze")) {
                facts.addAll(Transactions.list(q, row -> new AreaFreeze(row.getString(1), row.getLong(2), row.getLong(3),
                        row.getString(4))));
            }
            try (PreparedStatement q = connection.prepareStatement("SELECT area, failures FROM guard_streak")) {
                facts.addAll(Transactions.list(q, row -> {
                    FailureStreak streak = new FailureStreak(row.getString(1));
                    streak.setFailures(row.getInt(2));
                    return streak;
                }));
            }
            return facts;
        });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private void replace(String operation, String deleteSql, String key, String insertSql, Binder binder) {
        write(operation, connection -> {
            delete(connection, deleteSql, key);
            try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
                binder.bind(insert);
                insert.executeUpdate();
            }
        });
    }

    private void write(String operation, Transactions.Work work) {
        Transactions.write(source, operation, work);
    }

    private static void delete(Connection connection, String sql, String... keys) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (int i = 0; i < keys.length; i++) {
                delete.setString(i + 1, keys[i]);
            }
            delete.executeUpdate();
        }
    }
}
