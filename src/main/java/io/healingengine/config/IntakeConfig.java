package io.healingengine.config;

import static io.healingengine.config.ConfigException.check;

/**
 * The bounded hand-off from the HTTP edge to the engine and on to the audit store, and what a 202 promises.
 * Past either bound the ingest endpoints answer {@code 503} with {@code Retry-After} instead of queueing more.
 *
 * @param maxRequestsInProgress ingest requests (signals, heartbeats, errors, CloudEvents, Alertmanager) being read,
 *                          handed over or waiting for their answer at one time (default 64); each may hold up to
 *                          {@code server.maxBodyBytes} of body in memory, so this bounds the edge's memory
 * @param maxBytesInProgress the bodies of those requests together, in bytes, by their Content-Length (a body without
 *                          one counts as {@code server.maxBodyBytes}); default one sixteenth of the JVM's maximum heap
 *                          ({@code -Xmx}), since a body of n bytes takes two to three times n of heap while it is
 *                          read and parsed. A single request is always admitted when none is in progress
 * @param maxQueuedItems    signals, heartbeats, errors and alerts accepted by the edge and not yet answered by the
 *                          engine — queued, being evaluated or waiting for their writes (default 20000). A request that would pass it is refused whole; a single request
 *                          is always admitted into an empty queue
 * @param maxAuditBacklog   writes the engine has decided and the audit store has not yet applied (default 5000);
 *                          while more are waiting, ingest refuses new work
 * @param retryAfterSeconds the {@code Retry-After} of those refusals, in seconds (default 1)
 * @param syncToDisk        before each 202, force the audit store's file to the disk ({@code CHECKPOINT SYNC}, an
 *                          fsync, shared by every answer waiting at that moment), so that what a 202 acknowledged
 *                          survives a power cut too, not only a killed process (default false)
 */
public record IntakeConfig(Integer maxRequestsInProgress, Long maxBytesInProgress, Integer maxQueuedItems, Integer maxAuditBacklog, Integer retryAfterSeconds,
                           Boolean syncToDisk) {
    public static final int DEFAULT_MAX_REQUESTS_IN_PROGRESS = 64;
    public static final int DEFAULT_MAX_QUEUED_ITEMS = 20_000;
    public static final int DEFAULT_MAX_AUDIT_BACKLOG = 5_000;
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    public IntakeConfig {
        maxRequestsInProgress = maxRequestsInProgress == null ? DEFAULT_MAX_REQUESTS_IN_PROGRESS : maxRequestsInProgress;
        maxBytesInProgress = maxBytesInProgress == null ? Runtime.getRuntime().maxMemory() / 16 : maxBytesInProgress;
        maxQueuedItems = maxQueuedItems == null ? DEFAULT_MAX_QUEUED_ITEMS : maxQueuedItems;
        maxAuditBacklog = maxAuditBacklog == null ? DEFAULT_MAX_AUDIT_BACKLOG : maxAuditBacklog;
        retryAfterSeconds = retryAfterSeconds == null ? DEFAULT_RETRY_AFTER_SECONDS : retryAfterSeconds;
        syncToDisk = syncToDisk != null && syncToDisk;
        check(maxRequestsInProgress >= 1, "intake.maxRequestsInProgress", "must be >= 1, but was "
                + maxRequestsInProgress);
        check(maxBytesInProgress >= 1, "intake.maxBytesInProgress", "must be >= 1, but was " + maxBytesInProgress);
        check(maxQueuedItems >= 1, "intake.maxQueuedItems", "must be >= 1, but was " + maxQueuedItems);
        check(maxAuditBacklog >= 1, "intake.maxAuditBacklog", "must be >= 1, but was " + maxAuditBacklog);
        check(retryAfterSeconds >= 1 && retryAfterSeconds <= 3600, "intake.retryAfterSeconds",
                "must be between 1 and 3600, but was " + retryAfterSeconds);
    }

    public static IntakeConfig ofDefaults() {
        return new IntakeConfig(null, null, null, null, null, null);
    }
}
