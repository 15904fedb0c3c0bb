package io.healingengine.audit;

import java.sql.SQLException;

/**
 * An audit store operation failed. The message names the operation ({@code upsertIncident},
 * {@code recordActionResult} …); the cause, if any, is the driver's or Flyway's exception.
 */
public class AuditStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    protected AuditStoreException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The database refused or failed {@code operation}. */
    public static AuditStoreException failed(String operation, SQLException cause) {
        return new AuditStoreException(operation, "Audit store operation '" + operation + "' failed: "
                + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
    }

    /** Opening or migrating the store failed for a reason other than SQL (Flyway, I/O …). */
    public static AuditStoreException failed(String operation, Exception cause) {
        return new AuditStoreException(operation, "Audit store operation '" + operation + "' failed: "
                + cause.getMessage(), cause);
    }

    /** An action result or verdict arrived for an action that was never recorded as started. */
    public static AuditStoreException unknownAction(String operation, String actionId) {
        return new AuditStoreException(operation, "Audit store operation '" + operation
                + "' found no healing action with id '" + actionId + "': record it as started first", null);
    }

    /** The operation that failed, as named in the message. */
    public String getOperation() {
        return operation;
    }
}
