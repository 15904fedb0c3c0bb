package io.healingengine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healingengine.domain.ActionRequest;
import io.healingengine.domain.ActionTaken;
import io.healingengine.domain.Alert;
import io.healingengine.domain.ApprovalRequest;
import io.healingengine.domain.Incident;
import io.healingengine.domain.RemediationProposal;
import io.healingengine.domain.AreaFreeze;
import io.healingengine.domain.Cooldown;
import io.healingengine.domain.FailureStreak;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the engine needs across a restart — the guards' memory (action ledger, cooldowns, freezes,
 * failure streaks) and its open work (incidents, waiting proposals, approvals, actions in flight) and the
 * Prometheus alerts it holds (so that a repeat after a restart still belongs to its episode) —
 * kept in step with the rule session fact by fact, and read back before the engine's first evaluation.
 * Same database and transactions as the {@link AuditStore} it comes from. Open work is stored as the
 * JSON form of each fact's {@code State} record.
 */
public final class EngineStateStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<?>> KINDS = Map.of(
            "incident", Incident.State.class,
            "proposal", RemediationProposal.State.class,
            "approval", ApprovalRequest.State.class,
            "request", ActionRequest.State.class,
            "alert", Alert.State.class);
    private final ConnectionSource source;

    EngineStateStore(ConnectionSource source) {
        this.source = source;
    }

    /** Inserts or replaces a fact's row; facts the engine does not keep are ignored. */
    public void save(Object fact) {
        String kind = kindOf(fact);
        if (kind != null) {
            String id = idOf(fact);
            String json = toJson(fact);
            write("saveState", connection -> {
                delete(connection, "DELETE FROM engine_state WHERE kind = ? AND id = ?", kind, id);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO engine_state (kind, id, state) VALUES (?, ?, ?)")) {
                    insert.setString(1, kind);
                    insert.setString(2, id);
                    insert.setString(3, json);
                    insert.executeUpdate();
                }
            });
        } else if (fact instanceof ActionTaken t) {
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
                    insert.setLong(3, c.getEndsAt());
                    insert.executeUpdate();
                }
            });
        } else if (fact instanceof AreaFreeze f) {
            replace("saveFreeze", "DELETE FROM guard_freeze WHERE area = ?", f.getArea(),
                    "INSERT INTO guard_freeze (area, since_at, until_at, reason) VALUES (?, ?, ?, ?)", insert -> {
                        insert.setString(1, AuditSql.fit(f.getArea(), 200));
                        insert.setLong(2, f.getSince());
                        insert.setLong(3, f.getEndsAt());
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

    /** Removes a fact's row (it expired or was retracted); facts the engine does not keep are ignored. */
    public void remove(Object fact) {
        String kind = kindOf(fact);
        if (kind != null) {
            write("removeState", c -> delete(c, "DELETE FROM engine_state WHERE kind = ? AND id = ?", kind, idOf(fact)));
        } else if (fact instanceof ActionTaken t) {
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

    /**
     * Every remembered fact, as facts again: incidents first, then proposals, approvals, requests and alerts,
     * then the guards' memory (ledger entries oldest first).
     */
    public List<Object> load() {
        return Transactions.run(source, "loadEngineState", false, connection -> {
            List<Object> facts = new ArrayList<>();
            for (String kind : List.of("incident", "proposal", "approval", "request", "alert")) {
                try (PreparedStatement q = connection.prepareStatement("SELECT state FROM engine_state WHERE kind = ?")) {
                    q.setString(1, kind);
                    facts.addAll(Transactions.list(q, row -> fromJson(kind, row.getString(1))));
                }
            }
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

    private static String kindOf(Object fact) {
        if (fact instanceof Incident.State) {
            return "incident";
        } else if (fact instanceof RemediationProposal.State) {
            return "proposal";
        } else if (fact instanceof ApprovalRequest.State) {
            return "approval";
        } else if (fact instanceof ActionRequest.State) {
            return "request";
        } else if (fact instanceof Alert.State) {
            return "alert";
        }
        return null;
    }

    private static String idOf(Object state) {
        if (state instanceof Incident.State s) {
            return s.id();
        } else if (state instanceof RemediationProposal.State s) {
            return s.id();
        } else if (state instanceof ApprovalRequest.State s) {
            return s.id();
        } else if (state instanceof Alert.State s) {
            return s.fingerprint();
        }
        return ((ActionRequest.State) state).id();
    }

    private static String toJson(Object state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw AuditStoreException.failed("saveState", e);
        }
    }

    private static Object fromJson(String kind, String json) {
        try {
            Object state = JSON.readValue(json, KINDS.get(kind));
            if (state instanceof Incident.State s) {
                return Incident.restore(s);
            } else if (state instanceof RemediationProposal.State s) {
                return RemediationProposal.restore(s);
            } else if (state instanceof ApprovalRequest.State s) {
                return ApprovalRequest.restore(s);
            } else if (state instanceof Alert.State s) {
                return Alert.restore(s);
            }
            return ActionRequest.restore((ActionRequest.State) state);
        } catch (JsonProcessingException e) {
            throw AuditStoreException.failed("loadEngineState", e);
        }
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
