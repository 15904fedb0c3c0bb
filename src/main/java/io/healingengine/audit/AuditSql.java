package io.healingengine.audit;

/**
 * The store's SQL, kept portable between H2 and PostgreSQL (standard {@code FETCH FIRST}, no
 * vendor functions, no upsert syntax), and the column sizes of {@code V1__create_audit_tables.sql}.
 */
final class AuditSql {

    static final int ID = 64;
    static final int SERVICE_ID = 200;
    static final int KIND = 64;
    static final int TRIGGER = 200;
    static final int STATUS = 32;
    static final int DIAGNOSIS = 1000;
    static final int PREDICTION = 1000;
    static final int TRIGGER_SIGNALS = 8000;
    static final int EVENT = 64;
    static final int RULE = 200;
    static final int DETAIL = 4000;
    static final int ACTION = 64;
    static final int REASON = 1000;
    static final int OUTCOME = 32;

    static final String INCIDENT_COLUMNS = "id, service_id, kind, trigger_name, status, diagnosis, priority,"
            + " prediction, opened_at, closed_at, recovery_time_ms, trigger_signals";

    /** A null never erases what is already recorded: the trail only gains information. */
    static final String UPDATE_INCIDENT = "UPDATE audit_incident SET status = ?, priority = ?, prediction = ?,"
            + " diagnosis = COALESCE(?, diagnosis), closed_at = COALESCE(?, closed_at),"
            + " recovery_time_ms = COALESCE(?, recovery_time_ms), trigger_signals = COALESCE(?, trigger_signals)"
            + " WHERE id = ?";

    static final String INSERT_INCIDENT = "INSERT INTO audit_incident (" + INCIDENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT_INCIDENT = "SELECT " + INCIDENT_COLUMNS + " FROM audit_incident WHERE id = ?";

    static final String INSERT_STEP = "INSERT INTO audit_step"
            + " (incident_id, step_at, event_type, rule_name, service_id, detail, rules_version) VALUES (?, ?, ?, ?, ?, ?, ?)";

    static final String SELECT_STEPS = "SELECT incident_id, step_at, event_type, rule_name, service_id, detail, rules_version"
            + " FROM audit_step WHERE incident_id = ? ORDER BY seq";

    static final String ACTION_COLUMNS = "id, incident_id, service_id, action_name, reason, requested_at, outcome,"
            + " success, duration_ms, recovery_time_ms, detail";

    static final String ACTION_EXISTS = "SELECT 1 FROM audit_action WHERE id = ?";

    static final String INSERT_ACTION = "INSERT INTO audit_action (" + ACTION_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String UPDATE_ACTION_RESULT = "UPDATE audit_action SET outcome = ?, duration_ms = ?,"
            + " detail = COALESCE(?, detail), success = COALESCE(?, success) WHERE id = ?";

    static final String UPDATE_ACTION_VERDICT = "UPDATE audit_action SET success = ?,"
            + " recovery_time_ms = COALESCE(?, recovery_time_ms) WHERE id = ?";

    static final String SELECT_ACTIONS_OF_INCIDENT = "SELECT " + ACTION_COLUMNS
            + " FROM audit_action WHERE incident_id = ? ORDER BY requested_at, seq";

    static final String SELECT_HISTORY = "SELECT " + ACTION_COLUMNS
            + " FROM audit_action ORDER BY requested_at DESC, seq DESC FETCH FIRST ? ROWS ONLY";

    static final String COUNT_SINCE = "SELECT success, COUNT(*) FROM audit_action"
            + " WHERE requested_at >= ? AND success IS NOT NULL GROUP BY success";

    private AuditSql() {
    }

    /** Newest opened first, optionally filtered; the parameters are status?, serviceId?, limit. */
    static String listIncidents(boolean byStatus, boolean byService) {
        StringBuilder sql = new StringBuilder("SELECT ").append(INCIDENT_COLUMNS).append(" FROM audit_incident");
        if (byStatus || byService) {
            sql.append(" WHERE ");
            sql.append(byStatus ? "status = ?" : "");
            sql.append(byStatus && byService ? " AND " : "");
            sql.append(byService ? "service_id = ?" : "");
        }
        return sql.append(" ORDER BY opened_at DESC, id DESC FETCH FIRST ? ROWS ONLY").toString();
    }

    /**
     * Cuts {@code text} to at most {@code max} characters, ending it with an ellipsis so a reader can
     * tell, and never splitting a surrogate pair. Null stays null.
     */
    static String fit(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + '\u2026';
    }

    /** Keys are not truncated: a cut key could merge two incidents or actions into one. */
    static String key(String name, String value) {
        if (value.length() > ID) {
            throw new IllegalArgumentException(name + " must be at most " + ID + " characters, but was "
                    + value.length());
        }
        return value;
    }
}
