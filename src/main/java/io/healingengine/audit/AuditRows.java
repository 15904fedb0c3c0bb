package io.healingengine.audit;

import static io.healingengine.audit.AuditSql.fit;
import static io.healingengine.audit.AuditSql.key;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Records to statement parameters and rows to records. Text is cut to its column's size on the
 * way in ({@link AuditSql#fit}); keys are checked instead ({@link AuditSql#key}).
 */
final class AuditRows {

    private AuditRows() {
    }

    /** Parameters of {@link AuditSql#UPDATE_INCIDENT}. */
    static void bindIncidentUpdate(PreparedStatement ps, IncidentRecord r) throws SQLException {
        ps.setString(1, fit(r.status(), AuditSql.STATUS));
        ps.setInt(2, r.priority());
        ps.setString(3, fit(r.prediction(), AuditSql.PREDICTION));
        ps.setString(4, fit(r.diagnosis(), AuditSql.DIAGNOSIS));
        setLong(ps, 5, Millis.toMillis(r.closedAt()));
        setLong(ps, 6, r.recoveryTimeMs());
        ps.setString(7, fit(r.triggerSignals(), AuditSql.TRIGGER_SIGNALS));
        ps.setString(8, key("id", r.id()));
    }

    /** Parameters of {@link AuditSql#INSERT_INCIDENT}. */
    static void bindIncidentInsert(PreparedStatement ps, IncidentRecord r) throws SQLException {
        ps.setString(1, key("id", r.id()));
        ps.setString(2, fit(r.serviceId(), AuditSql.SERVICE_ID));
        ps.setString(3, fit(r.kind(), AuditSql.KIND));
        ps.setString(4, fit(r.trigger(), AuditSql.TRIGGER));
        ps.setString(5, fit(r.status(), AuditSql.STATUS));
        ps.setString(6, fit(r.diagnosis(), AuditSql.DIAGNOSIS));
        ps.setInt(7, r.priority());
        ps.setString(8, fit(r.prediction(), AuditSql.PREDICTION));
        ps.setLong(9, r.openedAt().toEpochMilli());
        setLong(ps, 10, Millis.toMillis(r.closedAt()));
        setLong(ps, 11, r.recoveryTimeMs());
        ps.setString(12, fit(r.triggerSignals(), AuditSql.TRIGGER_SIGNALS));
    }

    /** Parameters of {@link AuditSql#INSERT_STEP}. */
    static void bindStep(PreparedStatement ps, DecisionStepRecord s) throws SQLException {
        ps.setString(1, key("incidentId", s.incidentId()));
        ps.setLong(2, s.at().toEpochMilli());
        ps.setString(3, fit(s.event(), AuditSql.EVENT));
        ps.setString(4, fit(s.rule(), AuditSql.RULE));
        ps.setString(5, fit(s.serviceId(), AuditSql.SERVICE_ID));
        ps.setString(6, fit(s.detail(), AuditSql.DETAIL));
        ps.setString(7, fit(s.rulesVersion(), 64));
    }

    /** Parameters of {@link AuditSql#INSERT_ACTION}. */
    static void bindAction(PreparedStatement ps, HealingRecord r) throws SQLException {
        ps.setString(1, key("id", r.id()));
        ps.setString(2, key("incidentId", r.incidentId()));
        ps.setString(3, fit(r.serviceId(), AuditSql.SERVICE_ID));
        ps.setString(4, fit(r.action(), AuditSql.ACTION));
        ps.setString(5, fit(r.reason(), AuditSql.REASON));
        ps.setLong(6, r.timestamp().toEpochMilli());
        ps.setString(7, fit(r.outcome(), AuditSql.OUTCOME));
        setBoolean(ps, 8, r.success());
        setLong(ps, 9, r.durationMs());
        setLong(ps, 10, r.recoveryTimeMs());
        ps.setString(11, fit(r.detail(), AuditSql.DETAIL));
    }

    /** A row of {@link AuditSql#INCIDENT_COLUMNS}. */
    static IncidentRecord incident(ResultSet rs) throws SQLException {
        Long closedAt = rs.getObject(10, Long.class);
        return new IncidentRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), Millis.toInstant(rs.getLong(9)),
                closedAt == null ? null : Millis.toInstant(closedAt), rs.getObject(11, Long.class), rs.getString(12));
    }

    /** A row of {@link AuditSql#SELECT_STEPS}. */
    static DecisionStepRecord step(ResultSet rs) throws SQLException {
        return new DecisionStepRecord(rs.getString(1), Millis.toInstant(rs.getLong(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7));
    }

    /** A row of {@link AuditSql#ACTION_COLUMNS}. */
    static HealingRecord action(ResultSet rs) throws SQLException {
        return new HealingRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Millis.toInstant(rs.getLong(6)), rs.getString(7), rs.getObject(8, Boolean.class),
                rs.getObject(9, Long.class), rs.getObject(10, Long.class), rs.getString(11));
    }

    static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static void setBoolean(PreparedStatement ps, int index, Boolean value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BOOLEAN);
        } else {
            ps.setBoolean(index, value);
        }
    }
}
